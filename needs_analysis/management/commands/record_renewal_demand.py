"""Daily: the renewal findings in step with the qualifications that expire within six months
(``needs_analysis.services.renewal_demand``). Safe to run repeatedly."""

from django.core.management.base import BaseCommand

from needs_analysis.services.renewal_demand import record_renewal_demand


class Command(BaseCommand):
    help = (
        "Count the qualifications that expire within six months as demand of the channel "
        '"renewal" per qualification, region and field of work.'
    )

    def handle(self, *args, **options):
        counts = record_renewal_demand()
        self.stdout.write(
            "Renewal demand: {created} created, {updated} updated, {archived} archived.".format(
                **counts
            )
        )
