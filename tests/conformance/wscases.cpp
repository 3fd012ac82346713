#include "wscases.h"

#include "rawclient.h"

#include <QCryptographicHash>

namespace Conformance {

namespace {
const QByteArray kSayPrefix = R"({"type":"say","to_client_id":"all","content":")";
const QByteArray kSaySuffix = R"("})";
constexpr int kInvalidJson = 1001;       // ChatError::InvalidJson
constexpr int kBinaryNotSupported = 1010; // ChatError::BinaryNotSupported

QByteArray say(const QByteArray &content) { return kSayPrefix + content + kSaySuffix; }
// Content that makes a say of exactly `size` bytes.
QByteArray contentForSize(qsizetype size) { return QByteArray(size - kSayPrefix.size() - kSaySuffix.size(), 'x'); }
QByteArray text(const QByteArray &message) { return frame(0x81, message); }
QByteArray ping(const QByteArray &payload = {}) { return frame(0x89, payload); }
QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xFF) + reason;
}
QByteArray closeFrame(quint16 code, const QByteArray &reason = {}) { return frame(0x88, closePayload(code, reason)); }

// `message` as a first frame of `opcode` and continuations of `size` bytes each, the last one final.
QByteArray fragmented(quint8 opcode, const QByteArray &message, qsizetype size)
{
    QByteArray frames;
    for (qsizetype at = 0; at < message.size() || at == 0; at += size) {
        const bool last = at + size >= message.size();
        frames += frame(quint8((last ? 0x80 : 0x00) | (at == 0 ? opcode : 0x0)), message.mid(at, size));
    }
    return frames;
}

QString error(int code) { return QStringLiteral("error:%1").arg(code); }
QString pong(const QByteArray &payload) { return QStringLiteral("pong:") + describe(payload); }
QString closed(int code) { return QStringLiteral("close:%1").arg(code); }
const QString kEnd = QStringLiteral("end");

Step after(int answers, const QByteArray &bytes, int chop = 0) { return {bytes, chop, answers}; }

// A case the server survives: its answers, then the suite's probe (a say, answered) and the client's
// close (echoed, then the server ends the connection), which show the connection still works.
Case open(const QString &id, const QString &title, QList<Step> steps, QStringList answers)
{
    const QByteArray probe = "probe " + id.toUtf8();
    steps.append(Step{text(say(probe))});
    steps.append(after(int(answers.size()) + 1, closeFrame(1000)));
    answers << sayAnswer(probe) << closed(1000) << kEnd;
    return {id, title, steps, answers};
}

// A case the server fails with `code` after `answers`: what the client sends afterwards (a say, a
// close) is not read.
Case failed(const QString &id, const QString &title, QList<Step> steps, int code, QStringList answers = {})
{
    steps.append(Step{text(say("not read")) + closeFrame(1000)});
    answers << closed(code) << kEnd;
    return {id, title, steps, answers};
}

// A case that ends with the client's close: exactly `answers`.
Case closing(const QString &id, const QString &title, QList<Step> steps, QStringList answers)
{
    return {id, title, steps, answers};
}

QString kib(qsizetype bytes) { return bytes % 1024 == 0 ? QStringLiteral("%1 KiB").arg(bytes / 1024) : QStringLiteral("%1 bytes").arg(bytes); }
} // namespace

QByteArray frame(quint8 firstByte, const QByteArray &payload)
{
    return HeraldTest::RawClient::maskedFrame(firstByte, payload);
}

QString describe(const QByteArray &payload)
{
    if (payload.size() > 40)
        return QStringLiteral("%1 bytes %2").arg(payload.size())
            .arg(QString::fromLatin1(QCryptographicHash::hash(payload, QCryptographicHash::Sha1).toHex().left(8)));
    for (char c : payload)
        if (c < 0x20 || c > 0x7e)
            return QStringLiteral("0x") + QString::fromLatin1(payload.toHex());
    return QString::fromLatin1(payload);
}

QString sayAnswer(const QByteArray &content) { return QStringLiteral("say:") + describe(content); }

QList<Case> framingCases()
{
    QList<Case> cases;
    const qsizetype sizes[] = {0, 125, 126, 127, 128, 65535, 65536};
    int n = 0;
    for (qsizetype size : sizes) {
        ++n;
        const QString title = QStringLiteral("a text message of %1 bytes").arg(size);
        if (size == 0)
            cases << open(QStringLiteral("1.1.%1").arg(n), title + QStringLiteral(" (not a chat message)"),
                          {{text({})}}, {error(kInvalidJson)});
        else
            cases << open(QStringLiteral("1.1.%1").arg(n), title, {{text(say(contentForSize(size)))}},
                          {sayAnswer(contentForSize(size))});
        cases << open(QStringLiteral("1.2.%1").arg(n), QStringLiteral("a binary message of %1 bytes").arg(size),
                      {{frame(0x82, QByteArray(size, '\xfe'))}}, {error(kBinaryNotSupported)});
    }
    cases << open(QStringLiteral("1.1.8"), QStringLiteral("a text message of 65536 bytes in writes of 997"),
                  {{text(say(contentForSize(65536))), 997}}, {sayAnswer(contentForSize(65536))});
    cases << open(QStringLiteral("1.2.8"), QStringLiteral("a binary message of 65536 bytes in writes of 997"),
                  {{frame(0x82, QByteArray(65536, '\xfe')), 997}}, {error(kBinaryNotSupported)});
    return cases;
}

QList<Case> pingPongCases()
{
    const QByteArray binary("\x00\xff\xfe\xfd\xfc\xfb\x00\xff", 8);
    const QByteArray max(125, '\xfe');
    QList<Case> cases;
    cases << open(QStringLiteral("2.1"), QStringLiteral("a ping without payload"), {{ping()}}, {pong({})});
    cases << open(QStringLiteral("2.2"), QStringLiteral("a ping with a text payload"), {{ping("Hello, world!")}},
                  {pong("Hello, world!")});
    cases << open(QStringLiteral("2.3"), QStringLiteral("a ping with a binary payload"), {{ping(binary)}}, {pong(binary)});
    cases << open(QStringLiteral("2.4"), QStringLiteral("a ping with 125 bytes"), {{ping(max)}}, {pong(max)});
    cases << failed(QStringLiteral("2.5"), QStringLiteral("a ping with 126 bytes"), {{ping(max + 'x')}}, 1002);
    cases << open(QStringLiteral("2.6"), QStringLiteral("a ping with 125 bytes in writes of one byte"),
                  {{ping(max), 1}}, {pong(max)});
    cases << open(QStringLiteral("2.7"), QStringLiteral("an unsolicited pong without payload"), {{frame(0x8A, {})}}, {});
    cases << open(QStringLiteral("2.8"), QStringLiteral("an unsolicited pong with a payload"),
                  {{frame(0x8A, "unsolicited pong payload")}}, {});
    cases << open(QStringLiteral("2.9"), QStringLiteral("an unsolicited pong, then a ping"),
                  {{frame(0x8A, "unsolicited pong payload") + ping("ping payload")}}, {pong("ping payload")});
    QByteArray pings;
    QList<Step> pingSteps;
    QStringList pongs;
    for (int i = 1; i <= 10; ++i) {
        const QByteArray payload = "payload-" + QByteArray::number(i);
        pings += ping(payload);
        pingSteps << Step{ping(payload), 1};
        pongs << pong(payload);
    }
    cases << open(QStringLiteral("2.10"), QStringLiteral("10 pings in one write"), {{pings}}, pongs);
    cases << open(QStringLiteral("2.11"), QStringLiteral("10 pings, each in writes of one byte"), pingSteps, pongs);
    return cases;
}

QList<Case> reservedBitsCases()
{
    const QByteArray hello = say("Hello");
    QList<Case> cases;
    cases << failed(QStringLiteral("3.1"), QStringLiteral("a text message with RSV = 1"), {{frame(0x91, hello)}}, 1002);
    cases << failed(QStringLiteral("3.2"), QStringLiteral("a text message, then one with RSV = 2, then a ping"),
                    {{text(hello)}, after(1, frame(0xA1, hello) + ping())}, 1002, {sayAnswer("Hello")});
    cases << failed(QStringLiteral("3.3"), QStringLiteral("a text message, then one with RSV = 3, then a ping"),
                    {{text(hello)}, after(1, frame(0xB1, hello) + ping())}, 1002, {sayAnswer("Hello")});
    cases << failed(QStringLiteral("3.4"),
                    QStringLiteral("a text message, then one with RSV = 4, then a ping, in writes of one byte"),
                    {{text(hello), 1}, after(1, frame(0xC1, hello) + ping(), 1)}, 1002, {sayAnswer("Hello")});
    cases << failed(QStringLiteral("3.5"), QStringLiteral("a binary message with RSV = 5"),
                    {{frame(0xD2, QByteArray(8, '\xfe'))}}, 1002);
    cases << failed(QStringLiteral("3.6"), QStringLiteral("a ping with RSV = 6"), {{frame(0xE9, "ping")}}, 1002);
    cases << failed(QStringLiteral("3.7"), QStringLiteral("a close with RSV = 7"), {{frame(0xF8, closePayload(1000))}}, 1002);
    return cases;
}

QList<Case> opcodeCases()
{
    const QByteArray hello = say("Hello");
    QList<Case> cases;
    const quint8 reserved[] = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
    for (int i = 0; i < 10; ++i) {
        const quint8 op = reserved[i];
        const QString id = QStringLiteral("4.%1.%2").arg(i < 5 ? 1 : 2).arg(i % 5 + 1);
        const QString kind = QStringLiteral("reserved %1 opcode 0x%2").arg(i < 5 ? u"data" : u"control").arg(op, 0, 16);
        switch (i % 5) {
        case 0: cases << failed(id, QStringLiteral("a frame of ") + kind, {{frame(0x80 | op, {})}}, 1002); break;
        case 1: cases << failed(id, QStringLiteral("a frame with a payload of ") + kind,
                                {{frame(0x80 | op, "reserved")}}, 1002); break;
        default:
            cases << failed(id, QStringLiteral("a text message, a frame of %1, a ping").arg(kind),
                            {{text(hello)}, after(1, frame(0x80 | op, i % 5 == 2 ? QByteArray() : "reserved") + ping())},
                            1002, {sayAnswer("Hello")});
        }
    }
    return cases;
}

QList<Case> fragmentationCases()
{
    const QByteArray message = say("fragment1fragment2");
    const QByteArray first = message.first(message.size() / 2), second = message.sliced(message.size() / 2);
    const QByteArray both = frame(0x01, first) + frame(0x80, second);
    const QString answer = sayAnswer("fragment1fragment2");
    const QByteArray withPing = frame(0x01, first) + ping("ping payload") + frame(0x80, second);
    const QByteArray strayFinal = frame(0x80, "non-continuation payload") + text(say("Hello"));
    const QByteArray strayFirst = frame(0x00, "non-continuation payload") + text(say("Hello"));
    QList<Case> cases;
    cases << failed(QStringLiteral("5.1"), QStringLiteral("a ping in 2 fragments"),
                    {{frame(0x09, "fragment1") + frame(0x80, "fragment2")}}, 1002);
    cases << failed(QStringLiteral("5.2"), QStringLiteral("a pong in 2 fragments"),
                    {{frame(0x0A, "fragment1") + frame(0x80, "fragment2")}}, 1002);
    cases << open(QStringLiteral("5.3"), QStringLiteral("a text message in 2 fragments"), {{both}}, {answer});
    cases << open(QStringLiteral("5.4"), QStringLiteral("a text message in 2 fragments, in writes of one byte"),
                  {{both, 1}}, {answer});
    cases << open(QStringLiteral("5.5"), QStringLiteral("a text message in 2 fragments, a write each"),
                  {{frame(0x01, first)}, {frame(0x80, second)}}, {answer});
    cases << open(QStringLiteral("5.6"), QStringLiteral("a text message in 2 fragments, a ping between"), {{withPing}},
                  {pong("ping payload"), answer});
    cases << open(QStringLiteral("5.7"), QStringLiteral("a text message in 2 fragments, a ping between, in writes of one byte"),
                  {{withPing, 1}}, {pong("ping payload"), answer});
    cases << open(QStringLiteral("5.8"), QStringLiteral("a text message in 2 fragments, a ping between, a write each"),
                  {{frame(0x01, first)}, {ping("ping payload")}, after(1, frame(0x80, second))},
                  {pong("ping payload"), answer});
    cases << failed(QStringLiteral("5.9"), QStringLiteral("a final continuation with nothing to continue, then text"),
                    {{strayFinal}}, 1002);
    cases << failed(QStringLiteral("5.10"), QStringLiteral("the same in writes of one byte"), {{strayFinal, 1}}, 1002);
    cases << failed(QStringLiteral("5.11"), QStringLiteral("the same, a write each"),
                    {{frame(0x80, "non-continuation payload")}, {text(say("Hello"))}}, 1002);
    cases << failed(QStringLiteral("5.12"), QStringLiteral("a continuation with nothing to continue, then text"),
                    {{strayFirst}}, 1002);
    cases << failed(QStringLiteral("5.13"), QStringLiteral("the same in writes of one byte"), {{strayFirst, 1}}, 1002);
    cases << failed(QStringLiteral("5.14"), QStringLiteral("the same, a write each"),
                    {{frame(0x00, "non-continuation payload")}, {text(say("Hello"))}}, 1002);
    cases << failed(QStringLiteral("5.15"),
                    QStringLiteral("a text message in 2 fragments, then a continuation with nothing to continue"),
                    {{both}, after(1, frame(0x00, "fragment3") + frame(0x80, "fragment4"))}, 1002, {answer});
    cases << failed(QStringLiteral("5.16"), QStringLiteral("twice: a stray continuation, then a fragmented text"),
                    {{QByteArray(frame(0x00, "fragment1") + both).repeated(2)}}, 1002);
    cases << failed(QStringLiteral("5.17"), QStringLiteral("twice: a stray final continuation, then a fragmented text"),
                    {{QByteArray(frame(0x80, "fragment1") + both).repeated(2)}}, 1002);
    cases << failed(QStringLiteral("5.18"), QStringLiteral("a text message in 2 fragments, both with the text opcode"),
                    {{frame(0x01, first) + frame(0x81, second)}}, 1002);
    const QByteArray five = say("fragment1fragment2fragment3fragment4fragment5");
    const qsizetype part = five.size() / 5 + 1;
    const QString fiveAnswer = sayAnswer("fragment1fragment2fragment3fragment4fragment5");
    const QList<Step> withWaits = {{frame(0x01, five.first(part)) + frame(0x00, five.sliced(part, part)) + ping("pongme 1!")},
                                   after(1, frame(0x00, five.sliced(2 * part, part)) + frame(0x00, five.sliced(3 * part, part))
                                                + ping("pongme 2!")),
                                   after(2, frame(0x80, five.sliced(4 * part)))};
    cases << open(QStringLiteral("5.19"), QStringLiteral("a text message in 5 fragments, 2 pings between, waiting for their pongs"),
                  withWaits, {pong("pongme 1!"), pong("pongme 2!"), fiveAnswer});
    QList<Step> chopped = withWaits;
    for (Step &s : chopped)
        s.chop = 1;
    cases << open(QStringLiteral("5.20"), QStringLiteral("the same in writes of one byte"), chopped,
                  {pong("pongme 1!"), pong("pongme 2!"), fiveAnswer});
    return cases;
}

namespace {
struct Utf8Sample {
    const char *id;
    const char *what;
    QByteArray bytes;
    bool valid;
};

QList<Utf8Sample> utf8Samples()
{
    const auto b = [](const char *s) { return QByteArray(s); };
    return {
        {"6.2.1", "Hello-µ@ßöäüàá-UTF-8!!", b("Hello-\xc2\xb5@\xc3\x9f\xc3\xb6\xc3\xa4\xc3\xbc\xc3\xa0\xc3\xa1-UTF-8!!"), true},
        {"6.3.1", "κόσμε with a surrogate", b("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80\x65\x64\x69\x74\x65\x64"), false},
        {"6.5.1", "κόσμε", b("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"), true},
        {"6.7.2", "U+0080, the first 2-byte character", b("\xc2\x80"), true},
        {"6.7.3", "U+0800, the first 3-byte character", b("\xe0\xa0\x80"), true},
        {"6.7.4", "U+10000, the first 4-byte character", b("\xf0\x90\x80\x80"), true},
        {"6.8.1", "a 5-byte sequence", b("\xf8\x88\x80\x80\x80"), false},
        {"6.8.2", "a 6-byte sequence", b("\xfc\x84\x80\x80\x80\x80"), false},
        {"6.9.1", "U+007F, the last 1-byte character", b("\x7f"), true},
        {"6.9.2", "U+07FF, the last 2-byte character", b("\xdf\xbf"), true},
        {"6.9.3", "U+FFFF, the last 3-byte character", b("\xef\xbf\xbf"), true},
        {"6.9.4", "U+10FFFF, the last character", b("\xf4\x8f\xbf\xbf"), true},
        {"6.10.1", "the last 4-byte form, past U+10FFFF", b("\xf7\xbf\xbf\xbf"), false},
        {"6.10.2", "the last 5-byte form", b("\xfb\xbf\xbf\xbf\xbf"), false},
        {"6.10.3", "the last 6-byte form", b("\xfd\xbf\xbf\xbf\xbf\xbf"), false},
        {"6.11.1", "U+D7FF", b("\xed\x9f\xbf"), true},
        {"6.11.2", "U+E000", b("\xee\x80\x80"), true},
        {"6.11.3", "U+FFFD", b("\xef\xbf\xbd"), true},
        {"6.11.5", "U+110000", b("\xf4\x90\x80\x80"), false},
        {"6.12.1", "a lone continuation byte 0x80", b("\x80"), false},
        {"6.12.2", "a lone continuation byte 0xbf", b("\xbf"), false},
        {"6.12.3", "two continuation bytes", b("\x80\xbf"), false},
        {"6.12.8", "continuation bytes 0x80 to 0xbf", [] { QByteArray a; for (int c = 0x80; c <= 0xbf; ++c) a += char(c); return a; }(), false},
        {"6.13.1", "2-byte starts each followed by a space", b("\xc0\x20\xc1\x20\xc2\x20\xdf\x20"), false},
        {"6.13.2", "3-byte starts each followed by a space", b("\xe0\x20\xe1\x20\xef\x20"), false},
        {"6.13.3", "4-byte starts each followed by a space", b("\xf0\x20\xf4\x20\xf7\x20"), false},
        {"6.13.4", "5-byte starts each followed by a space", b("\xf8\x20\xfb\x20"), false},
        {"6.13.5", "6-byte starts each followed by a space", b("\xfc\x20\xfd\x20"), false},
        {"6.14.1", "a 2-byte sequence without its last byte (U+0000)", b("\xc0"), false},
        {"6.14.2", "a 3-byte sequence without its last byte (U+0000)", b("\xe0\x80"), false},
        {"6.14.3", "a 4-byte sequence without its last byte", b("\xf0\x80\x80"), false},
        {"6.14.6", "U+07FF without its last byte", b("\xdf"), false},
        {"6.14.7", "U+FFFF without its last byte", b("\xef\xbf"), false},
        {"6.14.8", "a 4-byte sequence past U+10FFFF without its last byte", b("\xf7\xbf\xbf"), false},
        {"6.15.1", "incomplete sequences one after another", b("\xc0\xe0\x80\xf0\x80\x80\xf8\x80\x80\x80\xfc\x80\x80\x80\x80\xdf\xef\xbf\xf7\xbf\xbf\xfb\xbf\xbf\xbf\xfd\xbf\xbf\xbf\xbf"), false},
        {"6.16.1", "the byte 0xfe", b("\xfe"), false},
        {"6.16.2", "the byte 0xff", b("\xff"), false},
        {"6.16.3", "0xfe 0xfe 0xff 0xff", b("\xfe\xfe\xff\xff"), false},
        {"6.17.1", "'/' as 2 bytes (overlong)", b("\xc0\xaf"), false},
        {"6.17.2", "'/' as 3 bytes (overlong)", b("\xe0\x80\xaf"), false},
        {"6.17.3", "'/' as 4 bytes (overlong)", b("\xf0\x80\x80\xaf"), false},
        {"6.17.4", "'/' as 5 bytes (overlong)", b("\xf8\x80\x80\x80\xaf"), false},
        {"6.18.1", "U+007F as 2 bytes (the largest overlong)", b("\xc1\xbf"), false},
        {"6.18.2", "U+07FF as 3 bytes (the largest overlong)", b("\xe0\x9f\xbf"), false},
        {"6.18.3", "U+FFFF as 4 bytes (the largest overlong)", b("\xf0\x8f\xbf\xbf"), false},
        {"6.19.1", "NUL as 2 bytes (overlong)", b("\xc0\x80"), false},
        {"6.19.2", "NUL as 3 bytes (overlong)", b("\xe0\x80\x80"), false},
        {"6.19.3", "NUL as 4 bytes (overlong)", b("\xf0\x80\x80\x80"), false},
        {"6.20.1", "the surrogate U+D800", b("\xed\xa0\x80"), false},
        {"6.20.3", "the surrogate U+DB80", b("\xed\xae\x80"), false},
        {"6.20.4", "the surrogate U+DBFF", b("\xed\xaf\xbf"), false},
        {"6.20.5", "the surrogate U+DC00", b("\xed\xb0\x80"), false},
        {"6.20.7", "the surrogate U+DFFF", b("\xed\xbf\xbf"), false},
        {"6.21.1", "the surrogate pair U+D800 U+DC00", b("\xed\xa0\x80\xed\xb0\x80"), false},
        {"6.21.8", "the surrogate pair U+DBFF U+DFFF", b("\xed\xaf\xbf\xed\xbf\xbf"), false},
        {"6.22.1", "the noncharacter U+FFFE", b("\xef\xbf\xbe"), true},
        {"6.22.3", "the noncharacter U+1FFFE", b("\xf0\x9f\xbf\xbe"), true},
        {"6.22.34", "the noncharacter U+10FFFE", b("\xf4\x8f\xbf\xbe"), true},
        {"6.23.1", "U+FFFD, the replacement character", b("\xef\xbf\xbd"), true},
    };
}
} // namespace

QList<Case> utf8Cases()
{
    QList<Case> cases;
    cases << open(QStringLiteral("6.1.1"), QStringLiteral("an empty text message"), {{text({})}}, {error(kInvalidJson)});
    cases << open(QStringLiteral("6.1.2"), QStringLiteral("a text message in 3 empty fragments"),
                  {{frame(0x01, {}) + frame(0x00, {}) + frame(0x80, {})}}, {error(kInvalidJson)});
    cases << open(QStringLiteral("6.1.3"), QStringLiteral("empty fragments around a non-empty one"),
                  {{frame(0x01, {}) + frame(0x00, say("middle")) + frame(0x80, {})}}, {sayAnswer("middle")});
    for (const Utf8Sample &s : utf8Samples()) {
        const QString what = QString::fromUtf8(s.what);
        const QByteArray whole = text(say(s.bytes));
        QByteArray split = frame(0x01, kSayPrefix); // a fragment per byte of the sequence
        for (char c : s.bytes)
            split += frame(0x00, QByteArray(1, c));
        split += frame(0x80, kSaySuffix);
        const QString id = QString::fromLatin1(s.id);
        if (s.valid) {
            cases << open(id, what, {{whole}}, {sayAnswer(s.bytes)});
            cases << open(id, what + QStringLiteral(", a fragment per byte"), {{split}}, {sayAnswer(s.bytes)});
        } else {
            cases << failed(id, what, {{whole}}, 1007);
            cases << failed(id, what + QStringLiteral(", a fragment per byte"), {{split}}, 1007);
        }
    }
    // κόσμε cut after each of its bytes: valid where the cut falls between characters.
    const QByteArray kosme("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5");
    for (qsizetype n = 1; n <= kosme.size(); ++n) {
        const QString id = QStringLiteral("6.6.%1").arg(n);
        const QString title = QStringLiteral("κόσμε cut after %1 bytes").arg(n);
        const QByteArray cut = kosme.first(n);
        if (n == 2 || n == 5 || n == 7 || n == 9 || n == 11)
            cases << open(id, title, {{text(say(cut))}}, {sayAnswer(cut)});
        else
            cases << failed(id, title, {{text(say(cut))}}, 1007);
    }
    // Fail fast: the close comes as soon as the invalid bytes arrive, before the message's last fragment.
    const QByteArray part1 = kSayPrefix + "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5";
    cases << failed(QStringLiteral("6.4.1"), QStringLiteral("fail fast: U+110000 in the 2nd of 3 fragments"),
                    {{frame(0x01, part1)}, {frame(0x00, "\xf4\x90\x80\x80")}, after(1, frame(0x80, "edited" + kSaySuffix))},
                    1007, {});
    cases << failed(QStringLiteral("6.4.2"), QStringLiteral("fail fast: a sequence made invalid by the 2nd of 3 fragments"),
                    {{frame(0x01, part1 + "\xf4")}, {frame(0x00, "\x90")}, after(1, frame(0x80, "\x80\x80" "edited" + kSaySuffix))},
                    1007, {});
    // Within one frame Herald checks the payload once the frame is complete (Autobahn: "non-strict").
    const QByteArray oneFrame = text(part1 + "\xf4\x90\x80\x80" "edited" + kSaySuffix);
    const qsizetype invalidAt = oneFrame.size() - 6 - kSaySuffix.size() - 4;
    cases << failed(QStringLiteral("6.4.3"), QStringLiteral("U+110000 in one frame sent in 3 writes (checked at the frame's end)"),
                    {{oneFrame.first(invalidAt)}, {oneFrame.sliced(invalidAt, 4)}, {oneFrame.sliced(invalidAt + 4)}}, 1007);
    cases << failed(QStringLiteral("6.4.4"), QStringLiteral("the same, the invalid sequence cut between writes"),
                    {{oneFrame.first(invalidAt + 1)}, {oneFrame.sliced(invalidAt + 1, 1)}, {oneFrame.sliced(invalidAt + 2)}},
                    1007);
    return cases;
}

QList<Case> closeCases()
{
    const QByteArray reason123(123, 'r');
    const QList<quint16> valid = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999};
    const QList<quint16> invalid = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999};
    const QStringList echoed = {closed(1000), kEnd};
    QList<Case> cases;
    cases << open(QStringLiteral("7.1.1"), QStringLiteral("a text message, then a close"), {{text(say("Hello"))}},
                  {sayAnswer("Hello")});
    cases << closing(QStringLiteral("7.1.2"), QStringLiteral("a close, then a second close"),
                     {{closeFrame(1000) + closeFrame(1000)}}, echoed);
    cases << closing(QStringLiteral("7.1.3"), QStringLiteral("a close, then a ping"), {{closeFrame(1000) + ping("ping")}}, echoed);
    cases << closing(QStringLiteral("7.1.4"), QStringLiteral("a close, then a text message"),
                     {{closeFrame(1000) + text(say("after the close"))}}, echoed);
    cases << closing(QStringLiteral("7.1.5"), QStringLiteral("a first fragment, a close, the last fragment"),
                     {{frame(0x01, kSayPrefix) + closeFrame(1000) + frame(0x80, "fragment" + kSaySuffix)}}, echoed);
    cases << closing(QStringLiteral("7.3.1"), QStringLiteral("a close without payload"), {{frame(0x88, {})}},
                     {QStringLiteral("close"), kEnd});
    cases << failed(QStringLiteral("7.3.2"), QStringLiteral("a close with a 1-byte payload"), {{frame(0x88, "a")}}, 1002);
    cases << closing(QStringLiteral("7.3.3"), QStringLiteral("a close with code 1000 and no reason"), {{closeFrame(1000)}}, echoed);
    cases << closing(QStringLiteral("7.3.4"), QStringLiteral("a close with code 1000 and a reason"),
                     {{closeFrame(1000, "Hello World!")}}, echoed);
    cases << closing(QStringLiteral("7.3.5"), QStringLiteral("a close with a 123-byte reason"),
                     {{closeFrame(1000, reason123)}}, echoed);
    cases << failed(QStringLiteral("7.3.6"), QStringLiteral("a close with a 124-byte reason (a 126-byte payload)"),
                    {{closeFrame(1000, reason123 + 'r')}}, 1002);
    cases << failed(QStringLiteral("7.5.1"), QStringLiteral("a close whose reason is not UTF-8"),
                    {{closeFrame(1000, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80\x65\x64\x69\x74\x65\x64")}}, 1007);
    int n = 0;
    for (quint16 code : valid)
        cases << closing(QStringLiteral("7.7.%1").arg(++n), QStringLiteral("a close with code %1 (echoed)").arg(code),
                         {{closeFrame(code)}}, {closed(code), kEnd});
    n = 0;
    for (quint16 code : invalid)
        cases << failed(QStringLiteral("7.9.%1").arg(++n), QStringLiteral("a close with code %1, which may not be sent").arg(code),
                        {{closeFrame(code)}}, 1002);
    cases << failed(QStringLiteral("7.13.1"), QStringLiteral("a close with code 5000"), {{closeFrame(5000)}}, 1002);
    cases << failed(QStringLiteral("7.13.2"), QStringLiteral("a close with code 65535"), {{closeFrame(65535)}}, 1002);
    return cases;
}

QList<Case> limitCases()
{
    QList<Case> cases;
    const qsizetype sizes[] = {64 * 1024, 256 * 1024, kMaxMessage};
    int n = 0;
    for (qsizetype size : sizes) {
        ++n;
        cases << open(QStringLiteral("9.1.%1").arg(n), QStringLiteral("a text message of ") + kib(size),
                      {{text(say(contentForSize(size)))}}, {sayAnswer(contentForSize(size))});
        cases << open(QStringLiteral("9.2.%1").arg(n), QStringLiteral("a binary message of ") + kib(size),
                      {{frame(0x82, QByteArray(size, '\xfe'))}}, {error(kBinaryNotSupported)});
    }
    cases << failed(QStringLiteral("9.1.7"), QStringLiteral("a text message one byte over max-message-size"),
                    {{text(say(contentForSize(kMaxMessage + 1)))}}, 1009);
    cases << failed(QStringLiteral("9.2.7"), QStringLiteral("a binary message one byte over max-message-size"),
                    {{frame(0x82, QByteArray(kMaxMessage + 1, '\xfe'))}}, 1009);
    cases << failed(QStringLiteral("9.3.10"), QStringLiteral("a fragmented text message over max-message-size"),
                    {{fragmented(0x1, say(contentForSize(kMaxMessage + 1)), 64 * 1024)}}, 1009);
    const QByteArray big = say(contentForSize(256 * 1024));
    const qsizetype fragments[] = {64, 256, 1024, 4096, 16384, 65536, 256 * 1024};
    n = 0;
    for (qsizetype size : fragments) {
        ++n;
        cases << open(QStringLiteral("9.3.%1").arg(n), QStringLiteral("a 256 KiB text message in fragments of ") + kib(size),
                      {{fragmented(0x1, big, size)}}, {sayAnswer(contentForSize(256 * 1024))});
        if (n % 3 == 1)
            cases << open(QStringLiteral("9.4.%1").arg(n), QStringLiteral("a 256 KiB binary message in fragments of ") + kib(size),
                          {{fragmented(0x2, QByteArray(256 * 1024, '\xfe'), size)}}, {error(kBinaryNotSupported)});
    }
    const QByteArray medium = say(contentForSize(64 * 1024));
    const int chops[] = {64, 128, 256, 512, 1024, 2048};
    n = 0;
    for (int chop : chops) {
        ++n;
        cases << open(QStringLiteral("9.5.%1").arg(n), QStringLiteral("a 64 KiB text message in writes of %1 bytes").arg(chop),
                      {{text(medium), chop}}, {sayAnswer(contentForSize(64 * 1024))});
        cases << open(QStringLiteral("9.6.%1").arg(n), QStringLiteral("a 64 KiB binary message in writes of %1 bytes").arg(chop),
                      {{frame(0x82, QByteArray(64 * 1024, '\xfe')), chop}}, {error(kBinaryNotSupported)});
    }
    const qsizetype roundTrips[] = {64, 1024, 4096};
    n = 0;
    for (qsizetype size : roundTrips) {
        ++n;
        QByteArray texts, binaries;
        QStringList says, errors;
        for (int i = 0; i < 100; ++i) {
            QByteArray content = contentForSize(size);
            content.replace(0, 3, QByteArray::number(i).rightJustified(3, '0'));
            texts += text(say(content));
            binaries += frame(0x82, QByteArray(size, '\xfe'));
            says << sayAnswer(content);
            errors << error(kBinaryNotSupported);
        }
        cases << open(QStringLiteral("9.7.%1").arg(n), QStringLiteral("100 text messages of ") + kib(size), {{texts}}, says);
        cases << open(QStringLiteral("9.8.%1").arg(n), QStringLiteral("100 binary messages of ") + kib(size), {{binaries}}, errors);
    }
    return cases;
}

QList<Case> miscCases()
{
    return {open(QStringLiteral("10.1.1"), QStringLiteral("a 64 KiB text message in fragments of 1300 bytes"),
                 {{fragmented(0x1, say(contentForSize(65536)), 1300)}}, {sayAnswer(contentForSize(65536))})};
}

QList<Case> allCases()
{
    return framingCases() + pingPongCases() + reservedBitsCases() + opcodeCases() + fragmentationCases() + utf8Cases()
           + closeCases() + limitCases() + miscCases();
}

} // namespace Conformance
