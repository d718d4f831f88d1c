// The options of local/start. Its own module without dependencies, so `local/start --help` works before npm ci.

export const USAGE = `Usage: local/start [--profile dev|test] [--port-offset N] [--data-dir DIR] [--log-dir DIR] [--no-apps]
                   [--api-instances N]

  --profile dev     ports 9000/8000/9229/8080/8082/3000, data kept in local/.data/dev (default)
  --profile test    ports 9100/8100/9329/8180/8182/3100, fresh data every run, users alice@ and bob@example.com
  --port-offset N   add N to every port (run a second cloud beside another one)
  --data-dir DIR    emulator data here instead of the profile's default
  --log-dir DIR     logs here instead of <state dir>/logs
  --no-apps         emulators and pipeline only (run the upload API and processor yourself)
  --api-instances N also run the packaged upload function as N concurrent instances (1 to 64), as Lambda does,
                    behind an API Gateway HTTP API stand-in on port 8047 (dev) / 8163 (test); builds the jar with
                    ./mvnw package -DskipTests when it is missing or older than the sources. Not started without it.
  --quiet, -q       dev profile: do not echo the children's output (it is always in the log files)`;

// Run directly (node local/cloud/usage.mjs): print the usage.
if (import.meta.url === `file://${process.argv[1]}`) console.log(USAGE);
