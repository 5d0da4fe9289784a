// Runs talkback for bench/serve/run.sh on 127.0.0.1 only:
//   node talkback.js record|replay PORT TAPES ORIGIN
// record = RecordMode.NEW (forward and write tapes), replay = DISABLED.
// talkback's own server listens on every interface, so this serves its
// request handler from an http server bound to loopback, the way its server does.
const http = require("http");
const talkback = require("talkback");

const [mode, port, tapes, origin] = process.argv.slice(2);
const options = {
  host: origin,
  path: tapes,
  record: mode === "record" ? talkback.Options.RecordMode.NEW : talkback.Options.RecordMode.DISABLED,
  silent: true,
  summary: false,
};

talkback.requestHandler(options).then((handler) => {
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", async () => {
      try {
        const answer = await handler.handle({
          headers: request.headers,
          url: request.url,
          method: request.method,
          body: Buffer.concat(chunks),
        });
        response.writeHead(answer.status, answer.headers);
        response.end(answer.body);
      } catch (error) {
        response.statusCode = 500;
        response.end(String(error));
      }
    });
  });
  server.listen(Number(port), "127.0.0.1", () => console.log(`talkback ${mode} on 127.0.0.1:${port}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
  process.on("SIGINT", () => server.close(() => process.exit(0)));
});
