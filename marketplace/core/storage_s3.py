"""The private S3 bucket's storage (settings.PRIVATE_S3_BUCKET), apart so boto3 loads only
when object storage is configured."""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """Objects readable by the app only: no URL, signed or not, is ever made for them.

    A private file leaves only through an authorised view (core.private_files). Every object
    is written with the "private" ACL where the provider uses ACLs.
    """

    default_acl = "private"
    querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL; serve them through an authorised view.")
