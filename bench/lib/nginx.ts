// The machine's limit: nginx serving the very HTML bytes `next start` sent, as static files.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { freePort, type Started, start, waitForUrl } from './proc.ts'

export interface StaticServer {
  url: string
  process: Started
}

/**
 * Starts nginx in the foreground on a free loopback port serving `files` (name → HTML) from
 * `dir`, with the settings a static host would use: sendfile, keep-alive without a request cap
 * (wrk reuses connections; so do `next start` and Varnish), no access log.
 */
export async function startStaticNginx(dir: string, files: Record<string, Buffer>): Promise<StaticServer> {
  const root = join(dir, 'root')
  mkdirSync(root, { recursive: true })
  for (const [name, body] of Object.entries(files)) writeFileSync(join(root, name), body)
  const port = await freePort()
  const temp = (name: string) => join(dir, name)
  const conf = join(dir, 'nginx.conf')
  writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes auto;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 65s;
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  default_type text/html;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { try_files $uri =404; }
  }
}
`,
  )
  const nginx = start('nginx', nginxBinary(), ['-p', dir, '-c', conf], { log: join(dir, 'nginx.log') })
  const url = `http://127.0.0.1:${port}`
  await waitForUrl(`${url}/${Object.keys(files)[0] ?? ''}`, nginx, 20_000)
  return { url, process: nginx }
}

export function nginxBinary(): string {
  return '/usr/sbin/nginx'
}
