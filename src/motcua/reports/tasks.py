"""Background generation of reports (Django tasks; run by ``manage.py db_worker``)."""

from django.tasks import task


@task()
def generate_report(job_id: int) -> None:
    from motcua.reports.services import generate

    generate(job_id)
