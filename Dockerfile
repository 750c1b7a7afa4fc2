# Build the single binary in Bun's image, ship it alone in a small glibc runtime image.
FROM oven/bun:1.4.5 AS build
WORKDIR /src
COPY package.json bun.lock ./
# The Baileys patch (package.json patchedDependencies) is applied by the install, so it comes first.
COPY patches ./patches
RUN bun install --frozen-lockfile
COPY tsconfig.json bunfig.toml ./
COPY src ./src
COPY static ./static
RUN bun run build && mkdir -p /data-skeleton/data

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /src/dist/pairbox /usr/local/bin/pairbox
COPY --from=build --chown=nonroot:nonroot /data-skeleton/data /data
ENV PAIRBOX_DATA_DIR=/data \
    PAIRBOX_HOST=0.0.0.0 \
    PAIRBOX_PORT=3000
VOLUME ["/data"]
EXPOSE 3000
USER nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["/usr/local/bin/pairbox", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/pairbox"]
