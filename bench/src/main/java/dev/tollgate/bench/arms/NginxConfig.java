package dev.tollgate.bench.arms;

import java.nio.file.Path;

/**
 * nginx.conf for a bare reverse proxy, the reference a gateway is measured against: one worker per core,
 * keep-alive connections to the upstream, nothing buffered either way (so streams flow chunk by chunk and
 * large bodies are not spooled to disk), no access log. {@code reuseport} lets the kernel spread connections
 * over the workers, so thousands of held streams do not pile onto one worker's descriptor limit.
 */
final class NginxConfig {

    private NginxConfig() {
    }

    static String render(Path prefix, int port, String upstreamHostPort, long fileLimit) {
        long connections = Math.max(1024, fileLimit - 100);
        return """
                # written by ./tollgate bench
                daemon off;
                master_process on;
                worker_processes auto;
                worker_rlimit_nofile %1$d;
                pid %2$s/nginx.pid;
                error_log %2$s/error.log warn;

                events {
                    worker_connections %3$d;
                    multi_accept on;
                }

                http {
                    access_log off;
                    client_body_temp_path %2$s/tmp/client_body;
                    proxy_temp_path %2$s/tmp/proxy;
                    fastcgi_temp_path %2$s/tmp/fastcgi;
                    uwsgi_temp_path %2$s/tmp/uwsgi;
                    scgi_temp_path %2$s/tmp/scgi;
                    client_max_body_size 16m;
                    keepalive_requests 1000000;
                    keepalive_timeout 120s;

                    upstream simulator {
                        server %4$s;
                        keepalive 256;
                        keepalive_requests 1000000;
                        keepalive_timeout 120s;
                    }

                    server {
                        listen 127.0.0.1:%5$d backlog=4096 reuseport;
                        location / {
                            proxy_pass http://simulator;
                            proxy_http_version 1.1;
                            proxy_set_header Connection "";
                            proxy_buffering off;
                            proxy_request_buffering off;
                            proxy_read_timeout 600s;
                            proxy_send_timeout 600s;
                        }
                    }
                }
                """.formatted(fileLimit, prefix, connections, upstreamHostPort, port);
    }
}
