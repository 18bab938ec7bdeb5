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

    public RedisKey History(PersonKey who) => $"{Prefix}:{{{who}}}:hist";

    public RedisKey LastLocation(PersonKey who) => $"{Prefix}:{{{who}}}:loc";

    public RedisKey Seen(string scope, string id) => $"{Prefix}:{{{scope}}}:seen:{id}";

    public RedisKey Sequence(string name) => $"{Prefix}:seq:{name}";

    /// <summary>Where Hangfire keeps its jobs; one hash tag, as its Redis storage requires on a cluster.</summary>
    public string HangfirePrefix => $"{{{Prefix}:hangfire}}:";
}
