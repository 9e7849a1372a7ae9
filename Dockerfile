# tinkhabar: one image for every stage. Build: docker build -t tinkhabar .
#
# Stage 1 builds a static binary; stage 2 is a small Alpine base (it has the shell and
# `find` the health check uses) with an unprivileged user.
FROM golang:1.26 AS build
WORKDIR /src
ENV CGO_ENABLED=0 GOTOOLCHAIN=local
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /out/tinkhabar ./cmd/tinkhabar

FROM alpine:3.22
RUN adduser -D -H -u 10001 tinkhabar \
 && mkdir -p /data /etc/tinkhabar \
 && chown tinkhabar:tinkhabar /data
COPY --from=build /out/tinkhabar /usr/local/bin/tinkhabar
COPY configs/tinkhabar.yaml /etc/tinkhabar/tinkhabar.yaml
USER tinkhabar
WORKDIR /data
VOLUME /data
ENV TINKHABAR_CONFIG=/etc/tinkhabar/tinkhabar.yaml \
    TINKHABAR_DATA=/data
# The embedded NATS server, when no --nats is given.
EXPOSE 4222
# `run` writes the time to this file every 5 s while its stages run and NATS is connected.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD test -n "$(find /tmp/tinkhabar.health -mmin -1 2>/dev/null)" || exit 1
ENTRYPOINT ["tinkhabar"]
CMD ["run", "--nats-listen", "0.0.0.0:4222", "--health-file", "/tmp/tinkhabar.health"]
