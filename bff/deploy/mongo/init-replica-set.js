// mongo1's health check (mongosh --file): on the first runs it initiates the replica set and
// creates the two users through the localhost exception; afterwards it signs in and reports
// whether the set has a primary. Exit code 0 means healthy.
const env = process.env;
const admin = db.getSiblingDB('admin');

function signedIn() {
  try {
    return admin.auth(env.MONGO_ROOT_USER, env.MONGO_ROOT_PASSWORD).ok === 1;
  } catch (error) {
    return false;
  }
}

if (!signedIn()) {
  // No user yet: the localhost exception lets this first connection set things up.
  try {
    rs.status();
  } catch (error) {
    rs.initiate({
      _id: 'rs0',
      members: [
        { _id: 0, host: 'mongo1:27017', priority: 2 },
        { _id: 1, host: 'mongo2:27017', priority: 1 },
        { _id: 2, host: 'mongo3:27017', priority: 1 },
      ],
    });
  }
  for (let waited = 0; !db.hello().isWritablePrimary; waited += 500) {
    if (waited > 20_000) quit(1);
    sleep(500);
  }
  admin.createUser({ user: env.MONGO_ROOT_USER, pwd: env.MONGO_ROOT_PASSWORD, roles: ['root'] });
  admin.auth(env.MONGO_ROOT_USER, env.MONGO_ROOT_PASSWORD);
  // The BFF's own user: its database only (readWrite covers createIndexes at start-up).
  admin.createUser({
    user: env.MONGO_APP_USER,
    pwd: env.MONGO_APP_PASSWORD,
    roles: [{ role: 'readWrite', db: env.MONGODB_DB || 'contest' }],
  });
}

const status = rs.status();
quit(status.ok === 1 && status.members.some((member) => member.stateStr === 'PRIMARY') ? 0 : 1);
