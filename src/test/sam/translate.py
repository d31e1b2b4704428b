"""Prints the CloudFormation that AWS would deploy for a SAM template: the SAM translator's output (the same
translator that ships with cfn-lint and runs in CloudFormation's AWS::Serverless transform), with the given parameter
values. Usage: python3 translate.py TEMPLATE [NAME=VALUE ...] (CodeUri=s3://... names the uploaded zip)"""
import json
import os
import sys

from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """The template names no managed policy of its own; SAM's basic execution role is looked up by name only."""

    def load(self):
        return {}


def main():
    # the translator asks boto3 for a region: the local stack's, as the tests' (no credentials or network needed)
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(sys.argv[1], encoding="utf-8") as f:
        template = yaml_parse(f.read())
    parameters = {"AWS::Region": "us-east-1", "AWS::Partition": "aws", "AWS::AccountId": "000000000000"}
    parameters.update(arg.split("=", 1) for arg in sys.argv[2:])
    # as `sam deploy` does first (its package step): each local CodeUri becomes the S3 object it uploaded
    code = parameters.pop("CodeUri", "s3://deploy-bucket/function.zip")
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = code
    output = Translator(NoManagedPolicies(), Parser()).translate(
        template, parameter_values=parameters, passthrough_metadata=False)
    json.dump(output, sys.stdout, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main()
