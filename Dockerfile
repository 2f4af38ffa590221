# Newsdesk production image: built once with `next build`, run by Node 20 as an unprivileged user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# npm ci applies patches/ to the installed packages (postinstall).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--conditions=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000
COPY --from=build --chown=node:node /app ./
RUN mkdir -p /app/data /app/media && chown node:node /app/data /app/media
USER node
EXPOSE 3000
# Node runs as PID 1 with no wrapper, so the SIGTERM of `docker stop` reaches the server itself.
CMD ["node", "--import", "tsx/esm", "src/server.ts"]
