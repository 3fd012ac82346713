#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <utility>

// web-msg-sender's form call (type=publish&to=&content=) as its PHP sends it, in a query or an
// application/x-www-form-urlencoded body: name=value pairs separated by '&', '+' a space, %XX a byte,
// names and values UTF-8. Pure, tested on its own and fuzzed (fuzz_formbody).
namespace Herald::FormBody {

struct Fields {
    QList<std::pair<QString, QString>> pairs; // in the order given, each name once
    QString error; // why the form is refused; empty when it was read
    bool tooLarge = false; // the error is the size limit's

    bool ok() const { return error.isEmpty(); }
    bool has(QStringView name) const;
    QString value(QStringView name) const; // empty when absent
};

// Reads a form of at most `maxBytes` bytes. Refused: more bytes, a '%' not followed by two hexadecimal
// digits, a name or value that is not UTF-8 once decoded, a pair with no name, a name given twice.
// Empty pairs ("a=1&&b=2", a trailing '&') are skipped; a name without '=' has an empty value.
Fields parse(QByteArrayView form, qsizetype maxBytes);

} // namespace Herald::FormBody
