#include "hub/sessionmap.h"

#include <QCborValue>
#include <QJsonValue>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>

namespace Herald {

namespace {
enum class TextKind : quint8 { Latin1, Utf16 };
enum class ValueKind : quint8 { String, Cbor };

// Writes the layout, or (without a buffer) only counts its bytes: the map is sized first, so that its
// one block is allocated once, at its size.
class Writer
{
public:
    explicit Writer(char *out = nullptr) : m_out(out) {}

    qsizetype written() const { return m_size; }
    void byte(quint8 b) { bytes(&b, 1); }
    void size(qsizetype n)
    {
        const qint32 v = qint32(n);
        bytes(&v, sizeof v);
    }
    void chunk(const QByteArray &b)
    {
        size(b.size());
        bytes(b.constData(), b.size());
    }
    void text(QStringView s)
    {
        const bool latin1 = std::all_of(s.begin(), s.end(), [](QChar c) { return c.unicode() < 0x100; });
        byte(quint8(latin1 ? TextKind::Latin1 : TextKind::Utf16));
        if (!latin1) {
            size(s.size() * 2);
            bytes(s.utf16(), s.size() * 2);
            return;
        }
        size(s.size());
        if (m_out) {
            for (qsizetype i = 0; i < s.size(); ++i)
                m_out[m_size + i] = char(s.at(i).unicode());
        }
        m_size += s.size();
    }

private:
    void bytes(const void *from, qsizetype n)
    {
        if (m_out && n > 0)
            std::memcpy(m_out + m_size, from, size_t(n));
        m_size += n;
    }

    char *m_out;
    qsizetype m_size = 0;
};

struct Text {
    TextKind kind = TextKind::Latin1;
    const char *data = nullptr;
    qsizetype bytes = 0;

    QString toString() const
    {
        if (kind == TextKind::Latin1)
            return QString::fromLatin1(data, bytes);
        QString s(bytes / 2, Qt::Uninitialized);
        std::memcpy(s.data(), data, size_t(bytes)); // not read in place: the bytes need not be aligned
        return s;
    }
    bool equals(QLatin1String key) const
    {
        if (kind == TextKind::Latin1)
            return bytes == key.size() && std::memcmp(data, key.data(), size_t(bytes)) == 0;
        return toString() == key;
    }
};

// Reads what Writer wrote (nothing else ever comes in: the bytes are the map's own).
class Reader
{
public:
    explicit Reader(const QByteArray &bytes) : m_at(bytes.constData()), m_end(bytes.constData() + bytes.size()) {}

    bool atEnd() const { return m_at >= m_end; }
    ValueKind kind() { return ValueKind(quint8(*m_at++)); }
    Text text()
    {
        Text t;
        t.kind = TextKind(quint8(*m_at++));
        t.bytes = size();
        t.data = skip(t.bytes);
        return t;
    }
    QByteArray chunk()
    {
        const qsizetype n = size();
        return QByteArray::fromRawData(skip(n), n);
    }

private:
    qsizetype size()
    {
        qint32 v = 0;
        std::memcpy(&v, skip(sizeof v), sizeof v);
        return v;
    }
    const char *skip(qsizetype n) { return std::exchange(m_at, m_at + n); }

    const char *m_at;
    const char *m_end;
};
} // namespace

SessionMap::SessionMap(const QJsonObject &map)
{
    if (map.isEmpty())
        return;
    QVarLengthArray<QByteArray, 4> cbor; // what is not a string, encoded once for both passes
    for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
        if (!it.value().isString())
            cbor.append(QCborValue::fromJsonValue(it.value()).toCbor());
    }
    const auto write = [&](Writer &w) {
        qsizetype nextCbor = 0;
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            w.text(it.key());
            const QJsonValue value = it.value();
            if (value.isString()) {
                w.byte(quint8(ValueKind::String));
                w.text(value.toString());
            } else {
                w.byte(quint8(ValueKind::Cbor));
                w.chunk(cbor[nextCbor++]);
            }
        }
    };
    Writer counter;
    write(counter);
    m_bytes = QByteArray(counter.written(), Qt::Uninitialized);
    Writer writer(m_bytes.data());
    write(writer);
}

QJsonObject SessionMap::toObject() const
{
    QJsonObject map;
    for (Reader r(m_bytes); !r.atEnd();) {
        const QString key = r.text().toString();
        if (r.kind() == ValueKind::String)
            map.insert(key, r.text().toString());
        else
            map.insert(key, QCborValue::fromCbor(r.chunk()).toJsonValue());
    }
    return map;
}

QString SessionMap::string(QLatin1String key) const
{
    for (Reader r(m_bytes); !r.atEnd();) {
        const bool found = r.text().equals(key);
        if (r.kind() == ValueKind::String) {
            const Text value = r.text();
            if (found)
                return value.toString();
        } else {
            r.chunk();
            if (found)
                return {};
        }
    }
    return {};
}

void SessionMap::update(const QJsonObject &changes)
{
    QJsonObject map = toObject();
    for (auto c = changes.constBegin(); c != changes.constEnd(); ++c) {
        if (c.value().isNull())
            map.remove(c.key());
        else
            map.insert(c.key(), c.value());
    }
    *this = SessionMap(map);
}

} // namespace Herald
