#pragma once

#include <QString>

namespace Herald {

// PHP's htmlspecialchars(ENT_QUOTES): & < > " ' become entities.
QString htmlEscape(const QString &text);
// nl2br(htmlspecialchars(text)): as above, and "<br />" inserted before every line break
// (\r\n, \n\r, \n or \r), which is kept, as PHP's nl2br does.
QString htmlEscapeMultiline(const QString &text);

} // namespace Herald
