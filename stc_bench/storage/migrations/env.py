"""Alembic environment: migrations run on the connection stc-bench hands over."""

from alembic import context
from sqlalchemy import create_engine

from stc_bench.storage.models import metadata

config = context.config
target_metadata = metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # command-line use: `alembic -x url=... upgrade head`
        url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///dev.stc")
        with create_engine(url).connect() as conn:
            _migrate(conn)
            conn.commit()
        return
    _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
