#include "api/formbody.h"

#include <QStringDecoder>

#include <optional>

namespace Herald::FormBody {

namespace {
constexpr qsizetype kQuoted = 40; // how much of a bad pair an error quotes

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QString quoted(QByteArrayView pair)
{
    const QString text = QString::fromUtf8(pair.first(qMin(pair.size(), kQuoted)));
    return u'"' + text + (pair.size() > kQuoted ? QStringLiteral("…\"") : QStringLiteral("\""));
}

// One name or value: '+' a space, %XX a byte, the bytes UTF-8. Sets `error` when it is not.
std::optional<QString> decoded(QByteArrayView encoded, QByteArrayView pair, QString &error)
{
    QByteArray bytes;
    bytes.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '+') {
            bytes.append(' ');
        } else if (c != '%') {
            bytes.append(c);
        } else {
            const int high = i + 1 < encoded.size() ? hexDigit(encoded[i + 1]) : -1;
            const int low = i + 2 < encoded.size() ? hexDigit(encoded[i + 2]) : -1;
            if (high < 0 || low < 0) {
                error = QStringLiteral("bad percent-encoding in %1: '%' is followed by two hexadecimal digits "
                                       "(write %25 for a percent sign)")
                            .arg(quoted(pair));
                return std::nullopt;
            }
            bytes.append(char(high * 16 + low));
            i += 2;
        }
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8(bytes);
    if (utf8.hasError()) {
        error = QStringLiteral("%1 is not UTF-8 once decoded; send names and values in UTF-8").arg(quoted(pair));
        return std::nullopt;
    }
    return text;
}
} // namespace

bool Fields::has(QStringView name) const
{
    for (const auto &[n, v] : pairs) {
        if (n == name)
            return true;
    }
    return false;
}

QString Fields::value(QStringView name) const
{
    for (const auto &[n, v] : pairs) {
        if (n == name)
            return v;
    }
    return {};
}

Fields parse(QByteArrayView form, qsizetype maxBytes)
{
    Fields fields;
    if (form.size() > maxBytes) {
        fields.error = QStringLiteral("form of %1 bytes, over max-request-size (%2 bytes)").arg(form.size()).arg(maxBytes);
        fields.tooLarge = true;
        return fields;
    }
    qsizetype start = 0;
    while (start <= form.size()) {
        qsizetype end = form.indexOf('&', start);
        if (end < 0)
            end = form.size();
        const QByteArrayView pair = form.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QByteArrayView rawName = equals < 0 ? pair : pair.first(equals);
        const QByteArrayView rawValue = equals < 0 ? QByteArrayView() : pair.sliced(equals + 1);
        if (rawName.isEmpty()) {
            fields.error = QStringLiteral("the pair %1 has no name; write name=value").arg(quoted(pair));
            return fields;
        }
        std::optional<QString> name = decoded(rawName, pair, fields.error);
        std::optional<QString> value = name ? decoded(rawValue, pair, fields.error) : std::nullopt;
        if (!value)
            return fields;
        if (fields.has(*name)) {
            fields.error = QStringLiteral("\"%1\" is given twice; give each field once").arg(name->left(kQuoted));
            return fields;
        }
        fields.pairs.append({std::move(*name), std::move(*value)});
    }
    return fields;
}

} // namespace Herald::FormBody
