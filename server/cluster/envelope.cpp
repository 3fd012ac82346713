#include "cluster/envelope.h"

#include <QDataStream>
#include <QIODevice>

#include <cstring>
#include <limits>

namespace Herald {

namespace {
constexpr char kMagic = 'H';
constexpr quint8 kVersion = 1;
constexpr int kMaxField = std::numeric_limits<quint16>::max();

quint8 wireKind(Target::Kind kind)
{
    switch (kind) {
    case Target::Kind::Client: return 0;
    case Target::Kind::Uid: return 1;
    case Target::Kind::Group: return 2;
    case Target::Kind::All: return 3;
    }
    return 3;
}

std::optional<Target::Kind> kindOf(quint8 wire)
{
    switch (wire) {
    case 0: return Target::Kind::Client;
    case 1: return Target::Kind::Uid;
    case 2: return Target::Kind::Group;
    case 3: return Target::Kind::All;
    default: return std::nullopt;
    }
}

void writeText(QDataStream &out, const QString &s)
{
    const QByteArray utf8 = s.toUtf8().left(kMaxField);
    out << quint16(utf8.size());
    out.writeRawData(utf8.constData(), int(utf8.size()));
}

bool readText(QDataStream &in, QString *s)
{
    quint16 size = 0;
    in >> size;
    QByteArray utf8(size, Qt::Uninitialized);
    if (in.readRawData(utf8.data(), size) != size)
        return false;
    *s = QString::fromUtf8(utf8);
    return in.status() == QDataStream::Ok;
}

} // namespace

QByteArray Envelope::encode() const
{
    QByteArray bytes;
    bytes.reserve(16 + target.id.size() + text.size());
    {
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out << quint8(kMagic) << kVersion << wireKind(target.kind) << origin;
        writeText(out, target.id);
        const qsizetype count = qMin<qsizetype>(target.exclude.size(), kMaxField);
        out << quint16(count);
        for (qsizetype i = 0; i < count; ++i)
            writeText(out, target.exclude.at(i));
    }
    bytes.append(text);
    return bytes;
}

std::optional<Envelope> Envelope::decode(const QByteArray &bytes, QString *error)
{
    const auto bad = [error](const char *why) {
        if (error)
            *error = QString::fromLatin1(why);
        return std::optional<Envelope>();
    };
    QDataStream in(bytes);
    quint8 magic = 0, version = 0, kind = 0;
    Envelope e;
    in >> magic >> version >> kind >> e.origin;
    if (in.status() != QDataStream::Ok)
        return bad("envelope too short for its header");
    if (magic != quint8(kMagic) || version != kVersion)
        return bad("not a Herald envelope of version 1");
    const std::optional<Target::Kind> k = kindOf(kind);
    if (!k)
        return bad("unknown target kind");
    e.target.kind = *k;
    quint16 excluded = 0;
    if (!readText(in, &e.target.id) || (in >> excluded, in.status() != QDataStream::Ok))
        return bad("envelope cut short in its target");
    for (quint16 i = 0; i < excluded; ++i) {
        QString id;
        if (!readText(in, &id))
            return bad("envelope cut short in its excluded clients");
        e.target.exclude.append(id);
    }
    e.text = bytes.mid(in.device()->pos());
    return e;
}

bool operator==(const Envelope &a, const Envelope &b)
{
    return a.origin == b.origin && a.target.kind == b.target.kind && a.target.id == b.target.id
        && a.target.exclude == b.target.exclude && a.text == b.text;
}

char *toString(const Envelope &e)
{
    const QByteArray s = QStringLiteral("Envelope(origin %1, kind %2, id \"%3\", exclude [%4], text \"%5\")")
                             .arg(e.origin, 8, 16, QLatin1Char('0'))
                             .arg(wireKind(e.target.kind))
                             .arg(e.target.id, e.target.exclude.join(QLatin1Char(',')), QString::fromUtf8(e.text))
                             .toUtf8();
    char *out = new char[size_t(s.size()) + 1];
    std::memcpy(out, s.constData(), size_t(s.size()) + 1);
    return out;
}

} // namespace Herald
