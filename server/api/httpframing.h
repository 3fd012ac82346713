#pragma once

#include <QByteArrayView>
#include <QString>

// What Herald reads itself in the raw bytes of an HTTP request, where QtHttpServer 6.4 tells nothing or
// too little: the request line's version, and whether a chunked body is well-formed (QtHttpServer reads
// a chunk size it cannot parse as 0, the end of the body). Pure functions, tested on their own.
namespace Herald::HttpFraming {

// True for an HTTP/1.0 request line (leading empty lines are skipped, as servers do).
bool isHttp10(QByteArrayView request);
// The bytes after the empty line that ends the headers (lines end with CRLF or a bare LF); empty when
// there is no such line.
QByteArrayView bodyOf(QByteArrayView request);
// What is wrong with a chunked body (RFC 9112 §7.1), or an empty string when it is well-formed:
// hexadecimal sizes (extensions after ';' allowed), each chunk's data followed by a line end, a last chunk
// of size 0, trailer lines and an empty line.
QString chunkedBodyProblem(QByteArrayView body);
// True when the connection must close after the answer (RFC 9112 §9.3): the request says
// "Connection: close", or it is HTTP/1.0 without "Connection: keep-alive".
bool closesAfterAnswer(bool http10, QByteArrayView connectionHeader);

} // namespace Herald::HttpFraming
