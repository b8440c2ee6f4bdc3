# The API and scheduler image used by docker-compose.yml.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY etl etl
COPY nlp nlp
COPY api api
COPY viz viz
COPY cypher cypher
RUN pip install --no-cache-dir . && useradd -r lantoa && mkdir -p /var/lib/lantoa && chown lantoa /var/lib/lantoa
USER lantoa
EXPOSE 8000
