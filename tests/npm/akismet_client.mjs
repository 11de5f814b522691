// Drives all four Akismet endpoints with @cedx/akismet and prints what the client concluded, as JSON.
// Usage: node akismet_client.mjs KEY BLOG_URL BASE_URL PERMALINK
import {Author, Blog, Client, Comment, CommentType} from "@cedx/akismet";

const [key, blogUrl, baseUrl, permalink] = process.argv.slice(2);
const blog = new Blog({url: blogUrl, languages: ["en"]});
const client = new Client(key, blog, {baseUrl});
const author = new Author({ipAddress: "203.0.113.9", name: "Robin", email: "robin@example.org", userAgent: "Mozilla/5.0"});
const comment = (content) => new Comment({author, content, permalink, type: CommentType.comment});

const result = {};
result.verifyKey = await client.verifyKey();
result.wrongKeyVerifies = await new Client("pl_0000_wrong", blog, {baseUrl}).verifyKey();
result.ham = await client.checkComment(comment("The Clubsport's diff makes all the difference on track."));
result.spam = await client.checkComment(comment("Cheap replica watches, best prices [spam 0.99]"));
result.likelySpam = await client.checkComment(comment("Nice post, check my profile [spam 0.7]"));
await client.submitSpam(comment("The Clubsport's diff makes all the difference on track."));
await client.submitHam(comment("Nice post, check my profile [spam 0.7]"));
result.submitted = true;
try {
  await client.checkComment(comment("x".repeat(5001)));
  result.oversized = "accepted";
} catch (error) {
  result.oversized = error.message;
}
console.log(JSON.stringify(result));
