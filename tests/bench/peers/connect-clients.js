// A second, independent generator for what herald-loadgen cannot do yet (TLS): opens N workerman-chat
// clients (200 handshakes in flight), logs each into one of 100 rooms, and prints the connection rate
// and the server's RSS growth per connection (read from /proc/PID/status 5 s after the last one).
//   node connect-clients.js wss://localhost:PORT/ 3000 SERVER_PID [ca.pem]
const WebSocket = require('ws');
const fs = require('fs');

const [url, count, pid, ca] = [process.argv[2], Number(process.argv[3]), process.argv[4], process.argv[5]];
if (!url || !count || !pid) {
    console.error('usage: node connect-clients.js ws[s]://HOST:PORT/ COUNT SERVER_PID [CA_FILE]');
    process.exit(2);
}
const rssKiB = () => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
const options = ca ? {ca: fs.readFileSync(ca)} : {};
const before = rssKiB();
const started = process.hrtime.bigint();
const sockets = [];
let opened = 0, failed = 0, inFlight = 0, next = 0;

function finished() {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    setTimeout(() => {
        const after = rssKiB();
        console.log(JSON.stringify({url, count, opened, failed, connect_s: Number(seconds.toFixed(2)),
                                    per_s: Math.round(opened / seconds), rss_before_mib: Number((before / 1024).toFixed(1)),
                                    rss_after_mib: Number((after / 1024).toFixed(1)),
                                    kib_per_connection: Number(((after - before) / opened).toFixed(2))}));
        process.exit(failed ? 1 : 0);
    }, 5000);
}

function settle() {
    --inFlight;
    if (opened + failed === count)
        finished();
    else
        openMore();
}

function openMore() {
    while (inFlight < 200 && next < count) {
        const i = next++;
        ++inFlight;
        const socket = new WebSocket(url, options);
        sockets.push(socket);
        socket.on('open', () => {
            ++opened;
            socket.send(JSON.stringify({type: 'login', client_name: `c${i}`, room_id: i % 100}));
            settle();
        });
        socket.on('error', () => { ++failed; settle(); });
        socket.on('message', () => {});
    }
}

openMore();
