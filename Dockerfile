# Taskchat's server image (docs/deployment.md). Docker is not available where Taskchat is developed, so this file has
# not been built there; what its build stage runs, scripts/build-production, is run and tested as a plain command
# (apps/server/test/production-install.test.ts).
ARG NODE_IMAGE=node:24-bookworm-slim

# Build: every dependency from the lockfile (Vite builds the web app), then the production install in /app.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
# scripts/pnpm brings the pnpm version package.json pins and installs from the lockfile (--frozen-lockfile).
RUN scripts/pnpm install --frozen-lockfile && scripts/build-production /app

# Run: the same base (the native argon2 binary was chosen for it), production dependencies only, not root.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
# Owned by root: the server writes nothing to its own files.
COPY --from=build /app /app
USER node
EXPOSE 3000
# The liveness probe; a balancer or Kubernetes also asks /readyz (503 while PostgreSQL is away or the server drains).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/server/src/main.ts"]
