# The reference of the HTTP benchmarks: nginx (2 workers, keep-alive, no access log) serving
# one 612-byte file from WORK/html on 127.0.0.1:PORT, in the foreground of a background job.
# usage (after `source`): start_static_nginx WORK PORT; then its pid is in $NGINX_PID.
start_static_nginx() {
  local work=$1 port=$2
  # nginx's workers run as another user: they must be able to read the file.
  chmod 755 "$work"
  mkdir -p "$work/html"
  head -c 612 /dev/zero | tr '\0' x >"$work/html/index.html"
  cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  open_file_cache max=100;
  server { listen 127.0.0.1:$port; root $work/html; }
}
CONF
  nginx -c "$work/nginx.conf" -p "$work" &
  NGINX_PID=$!
}
