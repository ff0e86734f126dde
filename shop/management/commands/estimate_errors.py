from django.core.management.base import BaseCommand

from shop.tailoring.choices import Sex
from shop.tailoring.estimate import SURVEY, estimate_errors


class Command(BaseCommand):
    help = (
        "Print the expected error (1 SD, cm) of each measurement estimated from height and "
        "weight, beside the survey's SD (the error of guessing the per-sex average)."
    )

    def handle(self, *args: object, **options: object) -> None:
        errors = {sex: estimate_errors(sex=sex) for sex in Sex}
        self.stdout.write(
            "Expected error of the estimate from height and weight (cm, 1 SD; about 68 % of "
            "bodies within it)"
        )
        self.stdout.write(f"{'measurement':<16}{'men':>7}{'(avg)':>8}{'women':>7}{'(avg)':>8}")
        for code in errors[Sex.MALE]:
            row = f"{code:<16}"
            for sex in Sex:
                survey = SURVEY[sex].get(code)
                spread = f"{survey.sd:.1f}" if survey is not None else "-"
                row += f"{errors[sex][code]:>7.1f}{spread:>8}"
            self.stdout.write(row)
        self.stdout.write(
            "(avg): the survey's SD, i.e. the error of giving everyone the per-sex average. "
            "Garment lengths (shirt, jacket) also depend on taste, which is not counted."
        )
