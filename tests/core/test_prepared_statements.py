"""On PostgreSQL, a query the site runs again and again is planned once per connection."""

import pytest
from django.db import connection

from marketplace.catalogue.models import Product
from tests.factories.catalogue import VariantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_a_repeated_query_is_prepared_and_still_answers_for_each_parameter():
    slugs = [VariantFactory().product.slug for _ in range(3)]

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%"catalogue_product"."slug" = $1%'],
            )
            return cursor.fetchone()[0]

    assert prepared() == 0
    found = [
        Product.objects.filter(slug=slugs[n % 3]).values_list("slug", flat=True).first()
        for n in range(6)
    ]
    assert found == [slugs[n % 3] for n in range(6)]  # each run with its own parameter
    assert prepared() == 1  # one statement, prepared after its fifth run
