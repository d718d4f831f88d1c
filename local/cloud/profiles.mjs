// The two shapes of the local cloud. Ports are those of docs/design.md ("Local ports"); the Step Functions port is
// the local cloud's own (the pipe and people use it; the apps never do).

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

export const PROFILES = {
  dev: {
    description: 'development (data kept between runs)',
    // lambdaApi: the local Lambda front (--api-instances N); its numbers differ from every other port by no multiple
    // of 100, so clouds at offsets 100..1000 never collide with it.
    ports: { s3: 9000, dynamodb: 8000, cognito: 9229, api: 8080, processor: 8082, web: 3000, states: 8001, lambdaApi: 8047 },
    debugPorts: { api: 5005, processor: 5006 },
    bucket: 'uploads',
    table: 'files',
    poolName: 'local-dev',
    users: ['demo@example.com'],
    password: 'DemoPassw0rd!',
    freshData: false,
  },
  test: {
    description: 'tests (fresh data every run)',
    ports: { s3: 9100, dynamodb: 8100, cognito: 9329, api: 8180, processor: 8182, web: 3100, states: 8101, lambdaApi: 8163 },
    debugPorts: { api: false, processor: false },
    bucket: 'uploads-test',
    table: 'files-test',
    // A second table from the same definition that no pipe reads: local/test gives it to the functions' own test
    // suites (./mvnw verify), which write and process items themselves and must not race the live pipeline.
    unpipedTable: 'files-test-unpiped',
    poolName: 'local-test',
    users: ['alice@example.com', 'bob@example.com'],
    password: 'Passw0rd!',
    freshData: true,
  },
};

/** What each port serves, for messages. */
export const PORT_NAMES = {
  s3: 'S3 (S3Proxy)',
  dynamodb: 'DynamoDB (stream proxy)',
  cognito: 'Cognito (cognito-local)',
  api: 'upload API (Quarkus dev)',
  processor: 'processor (Quarkus dev)',
  web: 'web page',
  states: 'Step Functions (workflow runner)',
  lambdaApi: 'local Lambda front (upload function, N instances)',
};
