using NeighborBot.Conversations;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// Every Redis key the service uses, built in one place. The schema is documented in
/// docs/redis-keys.md; keep the two in step. A person's keys share the hash tag <c>{channel:scope:id}</c>
/// so that they live on one shard and can be pipelined together.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public const string DefaultPrefix = "nb";

    public string Prefix { get; } = prefix;

    public RedisKey ConversationState(PersonKey who) => $"{Prefix}:{{{who}}}:state";

    public RedisKey Profile(PersonKey who) => $"{Prefix}:{{{who}}}:profile";

    public RedisKey History(PersonKey who) => $"{Prefix}:{{{who}}}:hist";

    public RedisKey LastLocation(PersonKey who) => $"{Prefix}:{{{who}}}:loc";

    public RedisKey Seen(string scope, string id) => $"{Prefix}:{{{scope}}}:seen:{id}";

    /// <summary>
    /// A used callback URL (<paramref name="nonce"/> is its timestamp, nonce and signatures). No hash tag:
    /// the marks are independent of each other and spread over the shards.
    /// </summary>
    public RedisKey Nonce(string scope, string nonce) => $"{Prefix}:nonce:{scope}:{nonce}";

    public RedisKey Sequence(string name) => $"{Prefix}:seq:{name}";

    public RedisKey Directory => $"{Prefix}:dir";

    public RedisKey BindingRequests(string householdId) => $"{Prefix}:bindreq:{householdId}";

    // Tickets and their indexes share one hash tag, so a ticket and its indexes change in one script.
    public RedisKey Ticket(string number) => $"{{{Prefix}:tk}}:t:{number}";

    public RedisKey TicketsByTime => $"{{{Prefix}:tk}}:all";

    public RedisKey TicketsByReporter(string reporter) => $"{{{Prefix}:tk}}:by:{reporter}";

    public RedisKey TicketsByAssignee(string assignee) => $"{{{Prefix}:tk}}:as:{assignee}";

    public RedisKey TicketSource(string reporter, string sourceId) => $"{{{Prefix}:tk}}:src:{reporter}:{sourceId}";

    /// <summary>Where Hangfire keeps its jobs; one hash tag, as its Redis storage requires on a cluster.</summary>
    public string HangfirePrefix => $"{{{Prefix}:hangfire}}:";
}
