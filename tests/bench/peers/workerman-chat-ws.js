#!/usr/bin/env node
// A small workerman-chat server on Node's `ws`, as a peer to measure Herald against (herald-loadgen
// peer, scripts/bench.sh peer). It speaks the protocol of docs/protocol.md: login into a room (the
// newcomer gets the room's client_list, the room a login announcement), say to the room or privately to
// one client, logout announcements, and pings every --ping-interval seconds (0: none).
//
//   node workerman-chat-ws.js [--port 0] [--host 127.0.0.1] [--ping-interval 0]
// Prints "listening PORT" once it listens (port 0: any free port).
'use strict';

const { WebSocketServer } = require('ws');

function flag(name, fallback) {
    const i = process.argv.indexOf(name);
    return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const port = Number(flag('--port', '7272'));
const host = flag('--host', '127.0.0.1');
const pingInterval = Number(flag('--ping-interval', '0'));

const rooms = new Map(); // room id -> Map(client id -> client)
let nextId = 0;

function now() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

// PHP's htmlspecialchars(ENT_QUOTES) then nl2br, as workerman-chat escapes names and content.
function escape(text) {
    return String(text)
        .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;').replace(/'/g, '&#039;')
        .replace(/(\r\n|\n|\r)/g, '<br />$1');
}

function error(ws, code, message) {
    ws.send(JSON.stringify({ type: 'error', code, message }));
}

// One message text, framed once by ws for each member (ws.send with the same string).
function broadcast(room, text) {
    const members = rooms.get(room);
    if (!members)
        return;
    for (const member of members.values())
        member.ws.send(text);
}

function leave(client) {
    if (client.room === null)
        return;
    const members = rooms.get(client.room);
    if (members) {
        members.delete(client.id);
        if (members.size === 0)
            rooms.delete(client.room);
        else
            broadcast(client.room, JSON.stringify({ type: 'logout', from_client_id: client.id, from_client_name: client.name, time: now() }));
    }
    client.room = null;
}

function onLogin(client, msg) {
    if (msg.client_name === undefined || msg.room_id === undefined || msg.room_id === '')
        return error(client.ws, 1004, `missing field "${msg.client_name === undefined ? 'client_name' : 'room_id'}"`);
    if (typeof msg.room_id !== 'string' && !Number.isInteger(msg.room_id))
        return error(client.ws, 1005, 'field "room_id" must be a string or an integer');
    leave(client); // a second login moves the client
    client.name = escape(msg.client_name);
    client.room = String(msg.room_id);
    if (!rooms.has(client.room))
        rooms.set(client.room, new Map());
    const members = rooms.get(client.room);
    const time = now();
    broadcast(client.room, JSON.stringify({ type: 'login', client_id: client.id, client_name: client.name, time }));
    members.set(client.id, client);
    const list = {};
    for (const m of members.values())
        list[m.id] = m.name;
    client.ws.send(JSON.stringify({ type: 'login', client_id: client.id, client_name: client.name, time, client_list: list }));
}

function onSay(client, msg) {
    if (client.room === null)
        return error(client.ws, 1006, 'send "login" before "say"');
    if (msg.to_client_id === undefined || msg.to_client_id === '' || msg.content === undefined)
        return error(client.ws, 1004, `missing field "${msg.content === undefined ? 'content' : 'to_client_id'}"`);
    const content = escape(msg.content);
    const time = now();
    if (msg.to_client_id !== 'all') {
        const target = rooms.get(client.room)?.get(String(msg.to_client_id));
        if (!target)
            return error(client.ws, 1007, `client "${msg.to_client_id}" is not online`);
        const base = { type: 'say', from_client_id: client.id, from_client_name: client.name, to_client_id: target.id };
        target.ws.send(JSON.stringify({ ...base, content: `<b>对你说: </b>${content}`, time }));
        const toName = escape(msg.to_client_name ?? '');
        client.ws.send(JSON.stringify({ ...base, content: `<b>你对${toName}说: </b>${content}`, time }));
        return;
    }
    broadcast(client.room, JSON.stringify({ type: 'say', from_client_id: client.id, from_client_name: client.name, to_client_id: 'all', content, time }));
}

const server = new WebSocketServer({ host, port, backlog: 4096, perMessageDeflate: false, clientTracking: false });

server.on('connection', (ws) => {
    const client = { id: (nextId++).toString(16).padStart(20, '0'), ws, name: '', room: null, missed: 0 };
    ws.on('message', (data, isBinary) => {
        client.missed = 0;
        if (isBinary)
            return error(ws, 1010, 'binary frames are not supported; send JSON in text frames');
        let msg;
        try {
            msg = JSON.parse(data.toString());
        } catch (e) {
            return error(ws, 1001, `invalid JSON: ${e.message}`);
        }
        if (msg === null || typeof msg !== 'object' || Array.isArray(msg))
            return error(ws, 1002, 'a message must be a JSON object');
        switch (msg.type) {
        case 'login': return onLogin(client, msg);
        case 'say': return onSay(client, msg);
        case 'pong': return;
        case 'ping': return ws.send('{"type":"pong"}');
        default: return error(ws, 1003, `unknown type "${msg.type}"`);
        }
    });
    ws.on('close', () => leave(client));
    ws.on('error', () => {});
    if (pingInterval > 0) {
        client.timer = setInterval(() => {
            if (++client.missed > 3)
                return ws.close(1000, 'ping timeout');
            ws.send('{"type":"ping"}');
        }, pingInterval * 1000);
        ws.on('close', () => clearInterval(client.timer));
    }
});

server.on('listening', () => console.log(`listening ${server.address().port}`));
server.on('error', (e) => {
    console.error(`workerman-chat-ws: ${e.message}`);
    process.exit(1);
});
