"""The reference peer of the benchmarks (issue 11): the original description's upload function, FastAPI + boto3.

Written for bench/ from the project's original description ("The Lambda function decodes the file, saves it to a
dedicated S3 Storage Bucket, and registers metadata in a DynamoDB Table"; "FastAPI: a modern Python web framework for
the upload API"; "Cognito Authorizer validates the token"), never deployed. The harness (bench/src/.../PeerBench.java)
starts it with Debian's Python and packages (python3-fastapi python3-uvicorn python3-boto3 python3-multipart
python3-jwt), served by uvicorn with one worker, on the same emulators as the product, and measures it side by side
with the product's `POST /upload`.

So that the two are a fair pair, the peer takes what the product takes and does what it does (docs/design.md):

* request: `POST /upload`, `multipart/form-data` with part `file` and optional part `comment`, header
  `Authorization: Bearer <Cognito ID token>`;
* the token: RS256 signature against the user pool's JWKS (`<issuer>/.well-known/jwks.json`, cached by PyJWT's
  PyJWKClient), `iss` equal to the issuer, `aud` equal to the app client id, `exp` in the future, `token_use` = `id`
  (API Gateway's Cognito authorizer checks the same for an ID token); anything else answers 401;
* the object: PutObject to `uploads/<sub>/<fileId>` in the same bucket, with the part's Content-Type;
* the item: PutItem into the same table with the product's attributes (`ownerId`, `fileId`, `objectKey`,
  `fileName`, `sizeBytes`, `contentType`, `sha256` of the bytes, `comment` when not empty, `status` UPLOADED,
  `createdAt`), conditional on `attribute_not_exists(fileId)`; if it fails the object is deleted again;
* the answer: `201 Created`, `Location: /files/<fileId>`, the file as JSON.

It leaves out what the benchmark does not exercise (the product's size and name checks, problem documents for every
bad input). Configuration comes from the local cloud's variables (cloud.env): AWS_REGION, S3_ENDPOINT,
DYNAMODB_ENDPOINT, UPLOAD_BUCKET, FILES_TABLE, COGNITO_ISSUER, COGNITO_CLIENT_ID, and the emulators' credentials
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.

Usage: python3 upload_peer.py --port PORT [--host 127.0.0.1]
"""

import argparse
import datetime
import hashlib
import logging
import os
import uuid
from typing import Optional

import boto3
import jwt
import uvicorn
from botocore.config import Config
from fastapi import FastAPI, File, Form, Header, HTTPException, UploadFile
from fastapi.responses import JSONResponse

REGION = os.environ["AWS_REGION"]
BUCKET = os.environ["UPLOAD_BUCKET"]
TABLE = os.environ["FILES_TABLE"]
ISSUER = os.environ["COGNITO_ISSUER"]
CLIENT_ID = os.environ["COGNITO_CLIENT_ID"]

s3 = boto3.client(
    "s3",
    region_name=REGION,
    endpoint_url=os.environ.get("S3_ENDPOINT"),
    config=Config(s3={"addressing_style": "path"}),
)
table = boto3.resource("dynamodb", region_name=REGION, endpoint_url=os.environ.get("DYNAMODB_ENDPOINT")).Table(TABLE)
jwks = jwt.PyJWKClient(ISSUER + "/.well-known/jwks.json")

app = FastAPI()
log = logging.getLogger("upload")


def verified_claims(authorization: Optional[str]) -> dict:
    """The claims of a valid Cognito ID token from an `Authorization: Bearer` header; HTTPException 401 otherwise."""
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(status_code=401, detail="missing bearer token")
    token = authorization[len("Bearer "):]
    try:
        key = jwks.get_signing_key_from_jwt(token).key
        claims = jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            audience=CLIENT_ID,
            issuer=ISSUER,
            options={"require": ["exp", "iss", "aud", "sub", "token_use"]},
        )
    except jwt.PyJWTError as e:
        raise HTTPException(status_code=401, detail="invalid token: " + str(e)) from e
    if claims.get("token_use") != "id":
        raise HTTPException(status_code=401, detail="not an ID token")
    return claims


@app.post("/upload", status_code=201)
def upload(
    file: UploadFile = File(...),
    comment: str = Form(""),
    authorization: Optional[str] = Header(None),
):
    """Stores the file in S3 and registers its metadata in DynamoDB; answers 201 with the file as JSON."""
    owner_id = verified_claims(authorization)["sub"]
    body = file.file.read()
    file_id = str(uuid.uuid4())
    object_key = f"uploads/{owner_id}/{file_id}"
    content_type = file.content_type or "application/octet-stream"
    s3.put_object(Bucket=BUCKET, Key=object_key, Body=body, ContentType=content_type)
    item = {
        "ownerId": owner_id,
        "fileId": file_id,
        "objectKey": object_key,
        "fileName": file.filename,
        "sizeBytes": len(body),
        "contentType": content_type,
        "sha256": hashlib.sha256(body).hexdigest(),
        "status": "UPLOADED",
        "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
    }
    if comment:
        item["comment"] = comment
    try:
        table.put_item(Item=item, ConditionExpression="attribute_not_exists(fileId)")
    except Exception:
        s3.delete_object(Bucket=BUCKET, Key=object_key)
        raise
    log.info("Upload accepted: %d bytes", len(body))
    view = {k: v for k, v in item.items() if k not in ("ownerId", "objectKey")}
    return JSONResponse(view, status_code=201, headers={"Location": f"/files/{file_id}"})


@app.get("/health")
def health():
    """Readiness probe for the harness."""
    return {"status": "ok"}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="FastAPI + boto3 reference peer of the upload API")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    # One worker, as the original runs it. No access log (Lambda writes none); like the product, one log line per
    # accepted upload.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(app, host=args.host, port=args.port, workers=1, access_log=False, log_level="warning")
