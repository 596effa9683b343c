// A TicketPortal realtime subscriber in JavaScript (Node 18+ or a browser bundle).
//   npm install @microsoft/signalr
//   PORTAL=http://localhost:5080 EMAIL=organizer@demo.test PASSWORD='Demo123!' node docs/realtime-client.mjs
import * as signalR from "@microsoft/signalr";

const portal = process.env.PORTAL ?? "http://localhost:5080";
const prefix = "tickatme-ticket-service";

// 1. A bearer token from the REST API (cookies work too when the page is served by the portal).
const login = await fetch(`${portal}/api/v1/auth/login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: process.env.EMAIL, password: process.env.PASSWORD }),
});
if (!login.ok) throw new Error(`login failed: ${login.status}`);
const { accessToken } = await login.json();

// 2. What to follow. A filter may narrow a topic to one event ({ eventId }) or one ticket ({ ticketId }).
const subscriptions = [
  [`${prefix}-dbevent-ticket-created`, null],
  [`${prefix}-dbevent-ticket-updated`, null],
  [`${prefix}-ticket-created`, null],
];

const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${portal}/hubs/tickets`, { accessTokenFactory: () => accessToken })
  .withAutomaticReconnect()
  .build();

// 3. Events arrive at least once: drop repeats by id, and stale ones by (topic, entityId, sequence).
const seen = new Set();
const latest = new Map();
connection.on("event", (e) => {
  if (seen.has(e.id)) return;
  seen.add(e.id);
  const key = `${e.topic}:${e.entityId}`;
  if ((latest.get(key) ?? -1) > e.sequence) return;
  latest.set(key, e.sequence);
  const ticket = e.payload.ticket ?? e.payload;
  console.log(`${e.occurredAt} ${e.topic} ${e.entityId} #${e.sequence} ${ticket.status ?? ""}`);
});

// 4. Subscriptions belong to a connection: renew them after every reconnect, then re-read the
//    state you show over REST, since events sent while disconnected are not replayed.
const subscribeAll = async () => {
  for (const [topic, filter] of subscriptions) await connection.invoke("Subscribe", topic, filter);
};
connection.onreconnected(subscribeAll);

await connection.start();
await subscribeAll();
console.log("subscribed; waiting for events (Ctrl+C to stop)");
if (process.env.STOP_AFTER_MS) setTimeout(() => connection.stop(), Number(process.env.STOP_AFTER_MS));
