// Run once by the mongo-init job (mongosh, as the root user, against the first member): makes the members one replica
// set, waits for a primary, and creates the points user (read-write on the points database only). Idempotent.
// MONGO_MEMBERS: host:port of every member, comma-separated; POINTS_DB_PASSWORD: the points user's password.
// the first member is preferred as primary: this script, connected to it, creates the user once it is
const members = process.env.MONGO_MEMBERS.split(",").map((host, id) => ({ _id: id, host: host.trim(), priority: id === 0 ? 2 : 1 }));
try {
  rs.status();
} catch (notInitiated) {
  rs.initiate({ _id: "rs0", members: members });
}
while (!db.hello().isWritablePrimary) {
  sleep(1000);
}
const admin = db.getSiblingDB("admin");
if (admin.getUser("points") === null) {
  admin.createUser({ user: "points", pwd: process.env.POINTS_DB_PASSWORD, roles: [{ role: "readWrite", db: "points" }] });
}
print("replica set rs0 ready with " + members.length + " members; user points present");
