// Records fixtures/har/todo-chromium.har: Debian's chromium, driven by
// playwright-core, uses the example todo_service on 127.0.0.1 with a bearer
// token (creates todos, lists them, completes one) and saves the HAR that
// the browser made.
//
//   node tests/har/record-har.mjs [TODO_SERVICE] [OUTPUT.har]
//
// TODO_SERVICE defaults to build/examples/todo_service (cmake --build build
// --target todo_service); OUTPUT to fixtures/har/todo-chromium.har.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const servicePath = process.argv[2] ?? path.join(root, 'build/examples/todo_service');
const output = process.argv[3] ?? path.join(root, 'fixtures/har/todo-chromium.har');
// A made-up token for a service on loopback: the fixtures imported from the
// HAR must not contain it (tests/core/har_chromium_test.cpp checks).
const token = 'har-demo-token-5f1c';

const chromiumFlags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Starts todo_service on an ephemeral loopback port; resolves with its base URL.
async function startService() {
  const service = spawn(servicePath, ['--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = '';
  for await (const chunk of service.stdout) {
    seen += chunk;
    const match = seen.match(/listening on (127\.0\.0\.1:\d+)/);
    if (match) return { service, baseUrl: `http://${match[1]}` };
  }
  throw new Error(`todo_service exited before listening: ${seen}`);
}

// What a small web client of the todo API does, run inside the page.
async function useTheApi(bearer) {
  const call = async (method, target, body) => {
    const headers = { Authorization: `Bearer ${bearer}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(target, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${target}: ${response.status}`);
    return response.status === 204 ? null : response.json();
  };
  const bread = await call('POST', '/v1/todos', { title: 'buy bread', tags: ['shop'] });
  await call('POST', '/v1/todos', { title: 'write tests' });
  await call('GET', '/v1/todos');
  await call('PATCH', `/v1/todos/${bread.id}`, { done: true });
  await call('GET', '/v1/todos?done=false');
  return call('GET', '/v1/todos');
}

const { service, baseUrl } = await startService();
try {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumFlags });
  const context = await browser.newContext({ recordHar: { path: output, content: 'embed' } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/health`);
  const todos = await page.evaluate(useTheApi, token);
  await context.close();  // writes the HAR
  await browser.close();
  console.log(`recorded ${todos.length} todos through ${baseUrl}; wrote ${output}`);
} finally {
  service.kill('SIGTERM');
  await once(service, 'exit');
}
