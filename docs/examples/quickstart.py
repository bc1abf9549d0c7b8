"""dynafake in one minute: DynamoDB answered in-process, with no server and no credentials.

Run with `make demo`. Everything below is plain boto3; dynafake.mock() makes every DynamoDB
client in the process talk to an in-memory engine.
"""

from __future__ import annotations

from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

import dynafake


def main() -> None:
    with dynafake.mock() as engine:
        client = boto3.client("dynamodb", region_name="us-east-1")

        client.create_table(
            TableName="orders",
            AttributeDefinitions=[
                {"AttributeName": "customer", "AttributeType": "S"},
                {"AttributeName": "order_id", "AttributeType": "N"},
            ],
            KeySchema=[
                {"AttributeName": "customer", "KeyType": "HASH"},
                {"AttributeName": "order_id", "KeyType": "RANGE"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        table = client.describe_table(TableName="orders")["Table"]
        print(f"created table {table['TableName']}: {table['TableStatus']}, {table['TableArn']}")

        put = client.put_item(
            TableName="orders",
            Item={
                "customer": {"S": "alice"},
                "order_id": {"N": "1"},
                "total": {"N": "19.990"},
                "items": {"L": [{"S": "book"}, {"S": "pen"}]},
            },
            ReturnConsumedCapacity="TOTAL",
        )
        print(f"put one order, consumed {put['ConsumedCapacity']['CapacityUnits']} WCU")

        got = client.get_item(
            TableName="orders",
            Key={"customer": {"S": "alice"}, "order_id": {"N": "1"}},
            ReturnConsumedCapacity="TOTAL",
        )
        print(
            f"read it back (total normalised to {got['Item']['total']['N']}), "
            f"consumed {got['ConsumedCapacity']['CapacityUnits']} RCU (eventually consistent)"
        )

        orders = boto3.resource("dynamodb", region_name="us-east-1").Table("orders")
        with orders.batch_writer() as batch:
            for order_id in range(2, 12):
                batch.put_item(
                    Item={"customer": "bob", "order_id": order_id, "total": Decimal("5.5")}
                )
        keys = [{"customer": {"S": "bob"}, "order_id": {"N": str(i)}} for i in range(2, 7)]
        batch_got = client.batch_get_item(RequestItems={"orders": {"Keys": keys}})
        print(f"batch-wrote 10 orders, batch-read {len(batch_got['Responses']['orders'])} of them")

        page = orders.query(
            KeyConditionExpression=Key("customer").eq("bob") & Key("order_id").gt(7),
            ScanIndexForward=False,
            Limit=3,
        )
        newest = [int(item["order_id"]) for item in page["Items"]]
        print(f"bob's newest orders above 7: {newest}, more after {page['LastEvaluatedKey']}")

        try:
            client.put_item(TableName="orders", Item={"customer": {"S": "carol"}})
        except ClientError as error:
            print(f"caught {error.response['Error']['Code']}: {error.response['Error']['Message']}")

        described = client.describe_table(TableName="orders")["Table"]
        count, size = described["ItemCount"], described["TableSizeBytes"]
        print(f"table now holds {count} items, {size} bytes")
        print(f"engine clock: {engine.clock.now().isoformat()}")


if __name__ == "__main__":
    main()
