"""The AWS regions a stack may name (every partition), so a typo such as ``eu-west-9`` is refused offline instead of
at `pulumi up`. tests/spec/test_enums_match_aws.py holds the list to botocore's endpoint data."""
from __future__ import annotations

import difflib

from authstack.spec.errors import shown

REGIONS = frozenset({
    # aws
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
    "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1",
    "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    # aws-cn, aws-us-gov, aws-iso*, aws-eusc
    "cn-north-1", "cn-northwest-1", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1",
    "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1", "eusc-de-east-1",
})


def region_problem(region: object) -> str | None:
    """Why ``region`` is not an AWS region, or None when it is one."""
    if isinstance(region, str) and region in REGIONS:
        return None
    if not isinstance(region, str) or not region:
        return f"must be an AWS region such as eu-west-1 (got {shown(region)})"
    close = difflib.get_close_matches(region, sorted(REGIONS), n=1, cutoff=0.8)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown AWS region {shown(region)}{hint}"


#: Region name prefixes of the partitions other than ``aws``, longest first (botocore endpoints.json "regionRegex").
_PARTITIONS = (("us-isob-", "aws-iso-b"), ("us-isof-", "aws-iso-f"), ("eu-isoe-", "aws-iso-e"), ("us-iso-", "aws-iso"),
               ("us-gov-", "aws-us-gov"), ("cn-", "aws-cn"), ("eusc-", "aws-eusc"))


def partition_of(region: str) -> str:
    """The ARN partition of a region (``aws`` unless the region belongs to another partition)."""
    return next((p for prefix, p in _PARTITIONS if region.startswith(prefix)), "aws")
