using System.Text.Json;
using NeighborBot.Directory;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// The document in the hash <c>{prefix}:dir</c> (as before revisions were kept, so older instances
/// still read it), the history in two hashes beside it keyed by revision number. The history's keys
/// carry the hash tag <c>{{prefix}:dir}</c>, which hashes to the same cluster slot as
/// <c>{prefix}:dir</c>, so one script changes all three.
/// </summary>
internal sealed class RedisDirectoryStore(IConnectionMultiplexer redis, RedisKeys keys) : IDirectoryStore
{
    private static readonly RedisValue[] Fields = ["r", "d"];

    private static readonly LuaScript Save = LuaScript.Prepare("""
        local current = tonumber(redis.call('HGET', @key, 'r') or '0')
        if current ~= tonumber(@expected) then
            return 0
        end
        if current > 0 and redis.call('HEXISTS', @revisions, current) == 0 then
            local stored = redis.call('HGET', @key, 'd')
            if stored then
                redis.call('HSET', @documents, current, stored)
                redis.call('HSET', @revisions, current, @earlier)
            end
        end
        local revision = current + 1
        redis.call('HSET', @key, 'r', revision, 'd', @data)
        redis.call('HSET', @documents, revision, @data)
        redis.call('HSET', @revisions, revision, @meta)
        local oldest = revision - tonumber(@keep)
        for _, field in ipairs(redis.call('HKEYS', @documents)) do
            if tonumber(field) <= oldest then
                redis.call('HDEL', @documents, field)
                redis.call('HDEL', @revisions, field)
            end
        end
        return 1
        """);

    public async Task<DirectorySnapshot> GetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().HashGetAsync(keys.Directory, Fields).ConfigureAwait(false);
        return values[1].IsNullOrEmpty
            ? DirectorySnapshot.Empty
            : new DirectorySnapshot(Document(values[1]), (long)values[0]);
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await redis.GetDatabase().HashGetAsync(keys.Directory, "r").ConfigureAwait(false);
        return value.IsNull ? 0 : (long)value;
    }

    public async Task<bool> TrySaveAsync(DirectorySnapshot basis, DirectoryDocument document, DirectoryRevision revision, int keep, CancellationToken cancellationToken)
    {
        DirectoryStoreRules.CheckFollows(basis, revision, keep);
        cancellationToken.ThrowIfCancellationRequested();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Save, new
        {
            key = keys.Directory,
            revisions = keys.DirectoryRevisions,
            documents = keys.DirectoryRevisionDocuments,
            expected = basis.Revision,
            data = JsonSerializer.Serialize(document, StoreJson.Default.DirectoryDocument),
            meta = JsonSerializer.Serialize(revision, StoreJson.Default.DirectoryRevision),
            earlier = JsonSerializer.Serialize(DirectoryStoreRules.Earlier(basis), StoreJson.Default.DirectoryRevision),
            keep,
        }).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<IReadOnlyList<DirectoryRevision>> ListRevisionsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await redis.GetDatabase().HashGetAllAsync(keys.DirectoryRevisions).ConfigureAwait(false);
        return [.. entries
            .Select(e => JsonSerializer.Deserialize((string)e.Value!, StoreJson.Default.DirectoryRevision)!)
            .OrderByDescending(r => r.Revision)];
    }

    public async Task<DirectoryDocument?> ReadRevisionAsync(long revision, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await redis.GetDatabase().HashGetAsync(keys.DirectoryRevisionDocuments, revision).ConfigureAwait(false);
        return value.IsNullOrEmpty ? null : Document(value);
    }

    private static DirectoryDocument Document(RedisValue json) =>
        JsonSerializer.Deserialize((string)json!, StoreJson.Default.DirectoryDocument)!;
}
