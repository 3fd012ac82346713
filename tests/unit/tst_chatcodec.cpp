// The workerman-chat codec: every request kind, every malformed input and its error code, and the exact
// JSON shapes the reference page expects from the server.
#include "protocol/chatcodec.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Herald;
using Herald::Chat::Decoded;

Q_DECLARE_METATYPE(Herald::Chat::Decoded)

namespace {

QByteArray repeated(char c, int n)
{
    return QByteArray(n, c);
}

QByteArray loginFrame(const QByteArray &nameJson, const QByteArray &roomJson)
{
    return "{\"type\":\"login\",\"client_name\":" + nameJson + ",\"room_id\":" + roomJson + '}';
}

QByteArray sayFrame(const QByteArray &toJson, const QByteArray &contentJson)
{
    return "{\"type\":\"say\",\"to_client_id\":" + toJson + ",\"content\":" + contentJson + '}';
}

QByteArray quoted(const QByteArray &s)
{
    return '"' + s + '"';
}

QJsonObject parseObject(const QByteArray &json)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        qWarning("not a JSON object: %s", json.constData());
    return doc.object();
}

const QString kTime = QStringLiteral("2024-02-29 13:05:09");

} // namespace

class TestChatCodec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesValidRequests_data();
    void decodesValidRequests();
    void rejectsMalformedInput_data();
    void rejectsMalformedInput();
    void roomIdAsNumberAndAsStringIsOneRoom();
    void errorToStringIsReadable();
    void recognisesPongs_data();
    void recognisesPongs();

    void encodesExactBytes_data();
    void encodesExactBytes();
    void stampsOnlyJsonObjects_data();
    void stampsOnlyJsonObjects();
    void loginWithListCarriesEveryClient();
    void loginWithListIsQJsonDocumentsBytes_data();
    void loginWithListIsQJsonDocumentsBytes();
    void encodersKeepUnicodeAndEscapeJson();
    void currentTimeIsLocalReferenceFormat();
    void currentTimeMovesOnEachSecond();
};

void TestChatCodec::recognisesPongs_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("pong");
    QTest::newRow("the usual pong") << QByteArray(R"({"type":"pong"})") << true;
    QTest::newRow("spaces") << QByteArray(R"( { "type" : "pong" } )") << true;
    QTest::newRow("another key") << QByteArray(R"({"t":1,"type":"pong"})") << true;
    QTest::newRow("ping") << QByteArray(R"({"type":"ping"})") << false;
    QTest::newRow("a say that mentions pong") << QByteArray(R"({"type":"say","to_client_id":"all","content":"pong"})")
                                              << false;
    QTest::newRow("type not a string") << QByteArray(R"({"type":["pong"]})") << false;
    QTest::newRow("not JSON") << QByteArray("pong") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("a long message is never a pong")
        << QByteArray(R"({"type":"pong","pad":")" + QByteArray(300, 'x') + R"("})") << false;
}

void TestChatCodec::recognisesPongs()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, pong);
    QCOMPARE(Chat::isPong(frame), pong);
}

void TestChatCodec::decodesValidRequests_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<Decoded>("expected");

    const auto login = [](const char *name, const char *room) {
        return Decoded(Chat::LoginRequest{QString::fromUtf8(name), QString::fromUtf8(room), {}, {}});
    };
    const auto say = [](const char *to, const char *toName, const char *content) {
        return Decoded(Chat::SayRequest{QString::fromUtf8(to), QString::fromUtf8(toName), QString::fromUtf8(content)});
    };

    QTest::newRow("login, room as number") << loginFrame("\"Alice\"", "1") << login("Alice", "1");
    QTest::newRow("login, room as string") << loginFrame("\"Alice\"", "\"1\"") << login("Alice", "1");
    QTest::newRow("login, room as integral float") << loginFrame("\"Alice\"", "2.0") << login("Alice", "2");
    QTest::newRow("login, negative room") << loginFrame("\"Alice\"", "-7") << login("Alice", "-7");
    QTest::newRow("login, named room") << loginFrame("\"Alice\"", "\"lobby\"") << login("Alice", "lobby");
    QTest::newRow("login, raw name kept unescaped")
        << loginFrame("\"<b>&'\\\"\"", "1") << login("<b>&'\"", "1");
    QTest::newRow("login, unicode name") << loginFrame("\"\xe5\xb0\x8f\xe6\x98\x8e\"", "1") << login("\xe5\xb0\x8f\xe6\x98\x8e", "1");
    QTest::newRow("login, name at limit")
        << loginFrame(quoted(repeated('n', Chat::MaxNameLength)), "1")
        << Decoded(Chat::LoginRequest{QString(Chat::MaxNameLength, u'n'), QStringLiteral("1"), {}, {}});
    QTest::newRow("login, room at limit")
        << loginFrame("\"A\"", quoted(repeated('r', Chat::MaxRoomIdLength)))
        << Decoded(Chat::LoginRequest{QStringLiteral("A"), QString(Chat::MaxRoomIdLength, u'r'), {}, {}});
    QTest::newRow("login with a token")
        << QByteArray(R"({"type":"login","client_name":"A","room_id":1,"token":"h.p.s"})")
        << Decoded(Chat::LoginRequest{QStringLiteral("A"), QStringLiteral("1"), QStringLiteral("h.p.s"), {}});
    QTest::newRow("login that recovers")
        << QByteArray(R"({"type":"login","client_name":"A","room_id":1,"recover":{"offset":12,"epoch":"k3x"}})")
        << Decoded(Chat::LoginRequest{QStringLiteral("A"), QStringLiteral("1"), {}, Chat::Position{12, QStringLiteral("k3x")}});
    QTest::newRow("login that recovers from offset 0")
        << QByteArray(R"({"type":"login","client_name":"A","room_id":1,"recover":{"offset":0,"epoch":""}})")
        << Decoded(Chat::LoginRequest{QStringLiteral("A"), QStringLiteral("1"), {}, Chat::Position{0, QString()}});
    QTest::newRow("login with a null recover")
        << QByteArray(R"({"type":"login","client_name":"A","room_id":1,"recover":null})") << login("A", "1");
    QTest::newRow("login with a null token") << QByteArray(R"({"type":"login","client_name":"A","room_id":1,"token":null})")
                                             << login("A", "1");
    QTest::newRow("login, extra fields ignored")
        << QByteArray(R"({"type":"login","client_name":"A","room_id":1,"extra":[1,2],"uid":"x"})") << login("A", "1");
    QTest::newRow("login, whitespace around JSON")
        << QByteArray(" \n{ \"room_id\" : \"9\" , \"client_name\" : \"A\" , \"type\" : \"login\" }\r\n") << login("A", "9");

    QTest::newRow("say to all") << QByteArray(R"({"type":"say","to_client_id":"all","to_client_name":"all","content":"hi"})")
                                << say("all", "all", "hi");
    QTest::newRow("say private")
        << QByteArray(R"({"type":"say","to_client_id":"0a0b0c0d000100000002","to_client_name":"Bob","content":"psst"})")
        << say("0a0b0c0d000100000002", "Bob", "psst");
    QTest::newRow("say without to_client_name") << sayFrame("\"all\"", "\"hi\"") << say("all", "", "hi");
    QTest::newRow("say with null to_client_name")
        << QByteArray(R"({"type":"say","to_client_id":"all","to_client_name":null,"content":"x"})") << say("all", "", "x");
    QTest::newRow("say, empty content") << sayFrame("\"all\"", "\"\"") << say("all", "", "");
    QTest::newRow("say, numeric content becomes text") << sayFrame("\"all\"", "42") << say("all", "", "42");
    QTest::newRow("say, raw content kept unescaped")
        << sayFrame("\"all\"", R"("<script>a\nb</script>")") << say("all", "", "<script>a\nb</script>");
    QTest::newRow("say, to_client_name at limit")
        << QByteArray(R"({"type":"say","to_client_id":"all","content":"x","to_client_name":)"
                      + quoted(repeated('b', Chat::MaxNameLength)) + '}')
        << Decoded(Chat::SayRequest{QStringLiteral("all"), QString(Chat::MaxNameLength, u'b'), QStringLiteral("x")});

    QTest::newRow("pong") << QByteArray(R"({"type":"pong"})") << Decoded(Chat::PongRequest{});
    QTest::newRow("ping") << QByteArray(R"({"type":"ping"})") << Decoded(Chat::PingRequest{});
    QTest::newRow("pong with extra fields") << QByteArray(R"({"type":"pong","at":1})") << Decoded(Chat::PongRequest{});
    QTest::newRow("refresh") << QByteArray(R"({"type":"refresh","token":"h.p.s"})")
                             << Decoded(Chat::RefreshRequest{QStringLiteral("h.p.s")});
}

void TestChatCodec::decodesValidRequests()
{
    QFETCH(QByteArray, frame);
    QFETCH(Decoded, expected);

    const Decoded actual = Chat::decode(frame);
    QCOMPARE(Chat::toString(actual), Chat::toString(expected));
    QVERIFY(actual == expected);
}

void TestChatCodec::rejectsMalformedInput_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("mentions"); // a word the error message must contain

    const auto row = [](const char *name, const QByteArray &frame, ChatError code, const char *mentions) {
        QTest::newRow(name) << frame << int(code) << QString::fromLatin1(mentions);
    };

    // not JSON at all
    row("empty frame", "", ChatError::InvalidJson, "invalid JSON");
    row("whitespace only", "  \n ", ChatError::InvalidJson, "invalid JSON");
    row("truncated object", R"({"type":"login","client_name":"A")", ChatError::InvalidJson, "invalid JSON");
    row("truncated string", R"({"type":"lo)", ChatError::InvalidJson, "invalid JSON");
    row("garbage", "hello world", ChatError::InvalidJson, "invalid JSON");
    row("single quotes", "{'type':'pong'}", ChatError::InvalidJson, "invalid JSON");
    row("trailing comma", R"({"type":"pong",})", ChatError::InvalidJson, "invalid JSON");
    row("two objects", R"({"type":"pong"}{"type":"pong"})", ChatError::InvalidJson, "invalid JSON");
    row("object then garbage", R"({"type":"pong"} x)", ChatError::InvalidJson, "invalid JSON");
    row("bare scalars", "1 2", ChatError::InvalidJson, "invalid JSON");
    row("php serialized", R"(a:1:{s:4:"type";s:4:"pong";})", ChatError::InvalidJson, "invalid JSON");

    // a login's recover
    row("recover not an object", R"({"type":"login","client_name":"A","room_id":1,"recover":12})",
        ChatError::WrongFieldType, "recover");
    row("recover without offset", R"({"type":"login","client_name":"A","room_id":1,"recover":{"epoch":"e"}})",
        ChatError::MissingField, "recover.offset");
    row("recover without epoch", R"({"type":"login","client_name":"A","room_id":1,"recover":{"offset":1}})",
        ChatError::MissingField, "recover.epoch");
    row("recover, negative offset", R"({"type":"login","client_name":"A","room_id":1,"recover":{"offset":-1,"epoch":"e"}})",
        ChatError::WrongFieldType, "recover.offset");
    row("recover, fractional offset", R"({"type":"login","client_name":"A","room_id":1,"recover":{"offset":1.5,"epoch":"e"}})",
        ChatError::WrongFieldType, "recover.offset");
    row("recover, offset as text", R"({"type":"login","client_name":"A","room_id":1,"recover":{"offset":"1","epoch":"e"}})",
        ChatError::WrongFieldType, "recover.offset");
    row("recover, epoch a number", R"({"type":"login","client_name":"A","room_id":1,"recover":{"offset":1,"epoch":7}})",
        ChatError::WrongFieldType, "recover.epoch");
    row("recover, epoch too long",
        QByteArray(R"({"type":"login","client_name":"A","room_id":1,"recover":{"offset":1,"epoch":")")
            + QByteArray(Chat::MaxEpochLength + 1, 'e') + R"("}})",
        ChatError::FieldTooLong, "recover.epoch");

    // valid JSON, not an object
    row("array", R"([{"type":"pong"}])", ChatError::NotAnObject, "object");
    row("empty array", "[]", ChatError::NotAnObject, "object");
    row("number", "42", ChatError::NotAnObject, "object");
    row("string", R"("login")", ChatError::NotAnObject, "object");
    row("null", "null", ChatError::NotAnObject, "object");
    row("true", "true", ChatError::NotAnObject, "object");
    row("false with spaces", " false ", ChatError::NotAnObject, "object");

    // the type
    row("empty object", "{}", ChatError::UnknownType, "type");
    row("type missing", R"({"client_name":"A","room_id":1})", ChatError::UnknownType, "type");
    row("type is a number", R"({"type":1})", ChatError::UnknownType, "type");
    row("type is null", R"({"type":null})", ChatError::UnknownType, "type");
    row("type is an object", R"({"type":{"name":"login"}})", ChatError::UnknownType, "type");
    row("type is an array", R"({"type":["login"]})", ChatError::UnknownType, "type");
    row("unknown type", R"({"type":"logout"})", ChatError::UnknownType, "logout");
    row("type in upper case", R"({"type":"LOGIN","client_name":"A","room_id":1})", ChatError::UnknownType, "LOGIN");
    row("empty type", R"({"type":""})", ChatError::UnknownType, "type");

    // login: missing fields
    row("login without client_name", R"({"type":"login","room_id":1})", ChatError::MissingField, "client_name");
    row("login with null client_name", loginFrame("null", "1"), ChatError::MissingField, "client_name");
    row("login without room_id", R"({"type":"login","client_name":"A"})", ChatError::MissingField, "room_id");
    row("login with null room_id", loginFrame("\"A\"", "null"), ChatError::MissingField, "room_id");
    row("login with empty room_id", loginFrame("\"A\"", "\"\""), ChatError::MissingField, "room_id");
    // login: wrong types
    row("room_id is an object", loginFrame("\"A\"", R"({"id":1})"), ChatError::WrongFieldType, "room_id");
    row("room_id is an array", loginFrame("\"A\"", "[1]"), ChatError::WrongFieldType, "room_id");
    row("room_id is true", loginFrame("\"A\"", "true"), ChatError::WrongFieldType, "room_id");
    row("room_id is false", loginFrame("\"A\"", "false"), ChatError::WrongFieldType, "room_id");
    row("room_id is a fraction", loginFrame("\"A\"", "1.5"), ChatError::WrongFieldType, "room_id");
    row("room_id past 64 bits", loginFrame("\"A\"", "1e20"), ChatError::WrongFieldType, "room_id");
    row("room_id huge", loginFrame("\"A\"", "1e300"), ChatError::WrongFieldType, "room_id");
    row("client_name is a number", loginFrame("7", "1"), ChatError::WrongFieldType, "client_name");
    row("client_name is an object", loginFrame(R"({"n":"A"})", "1"), ChatError::WrongFieldType, "client_name");
    row("client_name is a bool", loginFrame("true", "1"), ChatError::WrongFieldType, "client_name");
    // login: too long
    row("client_name past limit", loginFrame(quoted(repeated('n', Chat::MaxNameLength + 1)), "1"),
        ChatError::FieldTooLong, "client_name");
    row("room_id past limit", loginFrame("\"A\"", quoted(repeated('r', Chat::MaxRoomIdLength + 1))),
        ChatError::FieldTooLong, "room_id");

    // say: missing fields
    row("say without to_client_id", R"({"type":"say","content":"hi"})", ChatError::MissingField, "to_client_id");
    row("say with empty to_client_id", sayFrame("\"\"", "\"hi\""), ChatError::MissingField, "to_client_id");
    row("say with null to_client_id", sayFrame("null", "\"hi\""), ChatError::MissingField, "to_client_id");
    row("say without content", R"({"type":"say","to_client_id":"all"})", ChatError::MissingField, "content");
    row("say with null content", sayFrame("\"all\"", "null"), ChatError::MissingField, "content");
    // say: wrong types
    row("to_client_id is a number", sayFrame("5", "\"hi\""), ChatError::WrongFieldType, "to_client_id");
    row("to_client_id is an array", sayFrame(R"(["all"])", "\"hi\""), ChatError::WrongFieldType, "to_client_id");
    row("content is an object", sayFrame("\"all\"", R"({"text":"hi"})"), ChatError::WrongFieldType, "content");
    row("content is an array", sayFrame("\"all\"", R"(["hi"])"), ChatError::WrongFieldType, "content");
    row("content is a bool", sayFrame("\"all\"", "false"), ChatError::WrongFieldType, "content");
    row("content is a fraction", sayFrame("\"all\"", "0.5"), ChatError::WrongFieldType, "content");
    row("to_client_name is a number",
        R"({"type":"say","to_client_id":"all","to_client_name":3,"content":"hi"})", ChatError::WrongFieldType,
        "to_client_name");
    // say: too long
    row("to_client_name past limit",
        R"({"type":"say","to_client_id":"all","content":"x","to_client_name":)"
            + quoted(repeated('b', Chat::MaxNameLength + 1)) + '}',
        ChatError::FieldTooLong, "to_client_name");
    // tokens
    row("login token a number", R"({"type":"login","client_name":"A","room_id":1,"token":5})", ChatError::WrongFieldType, "token");
    row("login token too long",
        R"({"type":"login","client_name":"A","room_id":1,"token":)" + quoted(repeated('t', Chat::MaxTokenLength + 1)) + '}',
        ChatError::FieldTooLong, "token");
    row("refresh without token", R"({"type":"refresh"})", ChatError::MissingField, "token");
    row("refresh with an empty token", R"({"type":"refresh","token":""})", ChatError::MissingField, "token");
    row("refresh token an object", R"({"type":"refresh","token":{}})", ChatError::WrongFieldType, "token");
    row("refresh token too long", R"({"type":"refresh","token":)" + quoted(repeated('t', Chat::MaxTokenLength + 1)) + '}',
        ChatError::FieldTooLong, "token");
}

void TestChatCodec::rejectsMalformedInput()
{
    QFETCH(QByteArray, frame);
    QFETCH(int, code);
    QFETCH(QString, mentions);

    const Decoded actual = Chat::decode(frame);
    const auto *error = std::get_if<Chat::DecodeError>(&actual);
    QVERIFY2(error, qPrintable(QStringLiteral("decoded as ") + Chat::toString(actual)));
    QCOMPARE(int(error->code), code);
    QVERIFY2(error->message.contains(mentions), qPrintable(error->message));
}

void TestChatCodec::roomIdAsNumberAndAsStringIsOneRoom()
{
    const Decoded asNumber = Chat::decode(loginFrame("\"A\"", "12"));
    const Decoded asString = Chat::decode(loginFrame("\"A\"", "\"12\""));
    QVERIFY(std::holds_alternative<Chat::LoginRequest>(asNumber));
    QCOMPARE(std::get<Chat::LoginRequest>(asNumber).roomId, std::get<Chat::LoginRequest>(asString).roomId);
    QCOMPARE(std::get<Chat::LoginRequest>(asNumber).roomId, QStringLiteral("12"));
}

void TestChatCodec::errorToStringIsReadable()
{
    const Decoded e = Chat::DecodeError{ChatError::MissingField, QStringLiteral("missing field \"content\"")};
    QCOMPARE(Chat::toString(e), QStringLiteral("error(1004, missing field \"content\")"));
    QCOMPARE(Chat::toString(Decoded(Chat::LoginRequest{QStringLiteral("A"), QStringLiteral("1"), {}, {}})),
             QStringLiteral("login(name=A, room=1)"));
}

void TestChatCodec::encodesExactBytes_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArray>("expected");

    const QString id = QStringLiteral("0000000a000100000003");
    QTest::newRow("ping") << Chat::encodePing() << QByteArray(R"({"type":"ping"})");
    QTest::newRow("pong") << Chat::encodePong() << QByteArray(R"({"type":"pong"})");
    QTest::newRow("login")
        << Chat::encodeLogin(id, QStringLiteral("Alice"), kTime)
        << QByteArray(R"({"client_id":"0000000a000100000003","client_name":"Alice","time":"2024-02-29 13:05:09","type":"login"})");
    QTest::newRow("login with list")
        << Chat::encodeLoginWithList(id, QStringLiteral("Alice"), kTime,
                                     {{QStringLiteral("0000000a000100000001"), QStringLiteral("Bob")}, {id, QStringLiteral("Alice")}})
        << QByteArray(R"({"client_id":"0000000a000100000003","client_list":{"0000000a000100000001":"Bob",)"
                      R"("0000000a000100000003":"Alice"},"client_name":"Alice","time":"2024-02-29 13:05:09","type":"login"})");
    QTest::newRow("say to all")
        << Chat::encodeSay(id, QStringLiteral("Alice"), QStringLiteral("all"), QStringLiteral("hi<br />\n"), kTime)
        << QByteArray(R"({"content":"hi<br />\n","from_client_id":"0000000a000100000003","from_client_name":"Alice",)"
                      R"("time":"2024-02-29 13:05:09","to_client_id":"all","type":"say"})");
    QTest::newRow("logout")
        << Chat::encodeLogout(id, QStringLiteral("Alice"), kTime)
        << QByteArray(R"({"from_client_id":"0000000a000100000003","from_client_name":"Alice","time":"2024-02-29 13:05:09","type":"logout"})");
    QTest::newRow("error")
        << Chat::encodeError(ChatError::NotLoggedIn, QStringLiteral("send \"login\" first"))
        << QByteArray(R"({"code":1006,"message":"send \"login\" first","type":"error"})");
    QTest::newRow("refreshed") << Chat::encodeRefreshed(1767225600) << QByteArray(R"({"exp":1767225600,"type":"refreshed"})");
    const Chat::Position at{42, QStringLiteral("k3x")};
    QTest::newRow("recovered") << Chat::encodeRecovered(QStringLiteral("1"), at, 3)
                               << QByteArray(R"({"count":3,"epoch":"k3x","offset":42,"room_id":"1","type":"recovered"})");
    QTest::newRow("recover_failed")
        << Chat::encodeRecoverFailed(QStringLiteral("1"), QStringLiteral("too_old"), QStringLiteral("reload"), at)
        << QByteArray(R"({"epoch":"k3x","message":"reload","offset":42,"reason":"too_old","room_id":"1","type":"recover_failed"})");
    QTest::newRow("recover_failed, no history")
        << Chat::encodeRecoverFailed(QStringLiteral("1"), QStringLiteral("history_off"), QStringLiteral("reload"), std::nullopt)
        << QByteArray(R"({"message":"reload","reason":"history_off","room_id":"1","type":"recover_failed"})");
    // a room's message with its offset: the text as it was, the two fields at its end
    QTest::newRow("stamped say") << Chat::stamped(R"({"type":"say","content":"hi"})", at).value_or("not stamped")
                                 << QByteArray(R"({"type":"say","content":"hi","offset":42,"epoch":"k3x"})");
    QTest::newRow("stamped, spaces and key order kept")
        << Chat::stamped(" { \"b\" : 1, \"a\":[1,2] } \n", at).value_or("not stamped")
        << QByteArray(R"({ "b" : 1, "a":[1,2] ,"offset":42,"epoch":"k3x"})");
    QTest::newRow("stamped empty object") << Chat::stamped("{}", at).value_or("not stamped")
                                          << QByteArray(R"({"offset":42,"epoch":"k3x"})");
    QTest::newRow("stamped, epoch escaped")
        << Chat::stamped("{}", Chat::Position{1, QStringLiteral("a\"b")}).value_or("not stamped")
        << QByteArray(R"({"offset":1,"epoch":"a\"b"})");
    // what Redis's script puts together in a cluster: the head, the offset's digits, the tail
    QTest::newRow("stamped from its head and tail")
        << QByteArray(Chat::stampHead(R"({"type":"say"})").value_or("no head") + "42" + Chat::stampTail(QStringLiteral("k3x")))
        << QByteArray(R"({"type":"say","offset":42,"epoch":"k3x"})");
}

void TestChatCodec::stampsOnlyJsonObjects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("plain text") << QByteArray("hello");
    QTest::newRow("an array") << QByteArray("[1,2]");
    QTest::newRow("a string") << QByteArray(R"("hi")");
    QTest::newRow("braces, not JSON") << QByteArray("{not json}");
    QTest::newRow("two objects") << QByteArray("{}{}");
    QTest::newRow("already has an offset") << QByteArray(R"({"offset":3})");
    QTest::newRow("already has an epoch") << QByteArray(R"({"epoch":"x"})");
    QTest::newRow("empty") << QByteArray();
}

void TestChatCodec::stampsOnlyJsonObjects()
{
    QFETCH(QByteArray, text);
    QVERIFY(!Chat::stamped(text, Chat::Position{1, QStringLiteral("e")}));
}

void TestChatCodec::encodesExactBytes()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArray, expected);
    QCOMPARE(encoded, expected);
}

void TestChatCodec::loginWithListCarriesEveryClient()
{
    Chat::ClientList clients;
    for (int i = 1; i <= 5; ++i)
        clients.append({QStringLiteral("id%1").arg(i), QStringLiteral("name%1").arg(i)});
    const QJsonObject o = parseObject(Chat::encodeLoginWithList(QStringLiteral("id5"), QStringLiteral("name5"), kTime, clients));

    QCOMPARE(o.value(u"type").toString(), QStringLiteral("login"));
    QVERIFY(o.value(u"client_list").isObject()); // a map, as the page iterates it with for...in
    const QJsonObject list = o.value(u"client_list").toObject();
    QCOMPARE(list.size(), 5);
    for (const auto &[id, name] : clients)
        QCOMPARE(list.value(id).toString(), name);
    QCOMPARE(o.keys(), (QStringList{QStringLiteral("client_id"), QStringLiteral("client_list"),
                                    QStringLiteral("client_name"), QStringLiteral("time"), QStringLiteral("type")}));

    const QJsonObject empty = parseObject(Chat::encodeLoginWithList(QStringLiteral("x"), QStringLiteral("X"), kTime, {}));
    QVERIFY(empty.value(u"client_list").isObject());
    QCOMPARE(empty.value(u"client_list").toObject().size(), 0);
}

// The list is written without a QJsonObject (one buffer, for the heap's sake): byte for byte what
// QJsonDocument writes, whatever the names hold, in whatever order the clients come.
void TestChatCodec::loginWithListIsQJsonDocumentsBytes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<Chat::ClientList>("clients");

    const auto c = [](const char *id, const QString &name) { return qMakePair(QString::fromLatin1(id), name); };
    QTest::newRow("empty room") << QStringLiteral("Alice") << Chat::ClientList{};
    QTest::newRow("ids out of order") << QStringLiteral("Alice")
        << Chat::ClientList{c("0000000a000100000009", QStringLiteral("Zed")), c("0000000a000100000001", QStringLiteral("Bob")),
                            c("0000000a000100000003", QStringLiteral("Alice"))};
    QTest::newRow("an id twice: the last name") << QStringLiteral("B2")
        << Chat::ClientList{c("id2", QStringLiteral("B1")), c("id1", QStringLiteral("A")), c("id2", QStringLiteral("B2"))};
    QTest::newRow("escapes") << QStringLiteral("q\"uote\\back\b\f\n\r\t\x01\x1f\x7f end")
        << Chat::ClientList{c("id1", QStringLiteral("&lt;b&gt; \"x\" \\")), c("id0", QString(QChar(0)))};
    QTest::newRow("unicode") << QStringLiteral("小明 \U0001F600 é")
        << Chat::ClientList{c("id1", QStringLiteral("\u00e9\u4e2d\U0001F600x\u00ff")), c("id2", QString())};
}

void TestChatCodec::loginWithListIsQJsonDocumentsBytes()
{
    QFETCH(QString, name);
    QFETCH(Chat::ClientList, clients);
    const QString id = QStringLiteral("0000000a000100000003");
    QJsonObject list;
    for (const auto &[clientId, clientName] : clients)
        list.insert(clientId, clientName);
    const QJsonObject expected{{QStringLiteral("type"), QStringLiteral("login")}, {QStringLiteral("client_id"), id},
                               {QStringLiteral("client_name"), name}, {QStringLiteral("time"), kTime},
                               {QStringLiteral("client_list"), list}};
    QCOMPARE(Chat::encodeLoginWithList(id, name, kTime, clients), QJsonDocument(expected).toJson(QJsonDocument::Compact));
}

void TestChatCodec::encodersKeepUnicodeAndEscapeJson()
{
    const QString name = QStringLiteral("小明 \"q\" \\ \U0001F600");
    const QString content = QStringLiteral("line1\nline2\ttab");
    const QJsonObject o = parseObject(Chat::encodeSay(QStringLiteral("a"), name, QStringLiteral("b"), content, kTime));
    QCOMPARE(o.value(u"from_client_name").toString(), name);
    QCOMPARE(o.value(u"content").toString(), content);
    QCOMPARE(o.value(u"to_client_id").toString(), QStringLiteral("b"));
    QCOMPARE(o.size(), 6);
}

void TestChatCodec::currentTimeIsLocalReferenceFormat()
{
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    QDateTime before = QDateTime::currentDateTime();
    before.setTime(QTime(before.time().hour(), before.time().minute(), before.time().second()));
    const QString stamp = Chat::currentTime();
    const QDateTime after = QDateTime::currentDateTime();

    static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"));
    QVERIFY2(shape.match(stamp).hasMatch(), qPrintable(stamp));
    const QDateTime parsed = QDateTime::fromString(stamp, format);
    QVERIFY(parsed.isValid());
    QVERIFY2(before <= parsed && parsed <= after,
             qPrintable(before.toString(format) + u" <= " + stamp + u" <= " + after.toString(format)));
}

// Worked out once a second, it still follows the clock: the next second brings the next text.
void TestChatCodec::currentTimeMovesOnEachSecond()
{
    const QString format = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    const QString first = Chat::currentTime();
    QTRY_VERIFY_WITH_TIMEOUT(Chat::currentTime() != first, 3000);
    const QString next = Chat::currentTime();
    QVERIFY2(QDateTime::fromString(next, format) > QDateTime::fromString(first, format), qPrintable(first + u" then " + next));
}

QTEST_APPLESS_MAIN(TestChatCodec)
#include "tst_chatcodec.moc"
