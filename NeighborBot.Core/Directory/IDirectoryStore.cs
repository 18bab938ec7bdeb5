using System.Text.Json;
using NeighborBot.Storage;
using StackExchange.Redis;

namespace NeighborBot.Directory;

/// <summary>The directory as one document with a revision number. Redis and in-process.</summary>
public interface IDirectoryStore
{
    /// <summary>The document and its revision; revision 0 and an empty document when none was stored.</summary>
    Task<DirectorySnapshot> GetAsync(CancellationToken cancellationToken);

    Task<long> GetRevisionAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the whole directory; returns the new revision.</summary>
    Task<long> ReplaceAsync(DirectoryDocument document, CancellationToken cancellationToken);
}

internal sealed class RedisDirectoryStore(IConnectionMultiplexer redis, RedisKeys keys) : IDirectoryStore
{
    private static readonly RedisValue[] Fields = ["r", "d"];

    private static readonly LuaScript Replace = LuaScript.Prepare("""
        local revision = redis.call('HINCRBY', @key, 'r', 1)
        redis.call('HSET', @key, 'd', @data)
        return revision
        """);

    public async Task<DirectorySnapshot> GetAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().HashGetAsync(keys.Directory, Fields).ConfigureAwait(false);
        return values[1].IsNullOrEmpty
            ? DirectorySnapshot.Empty
            : new DirectorySnapshot(JsonSerializer.Deserialize((string)values[1]!, StoreJson.Default.DirectoryDocument)!, (long)values[0]);
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var value = await redis.GetDatabase().HashGetAsync(keys.Directory, "r").ConfigureAwait(false);
        return value.IsNull ? 0 : (long)value;
    }

    public async Task<long> ReplaceAsync(DirectoryDocument document, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(Replace, new
        {
            key = keys.Directory,
            data = JsonSerializer.Serialize(document, StoreJson.Default.DirectoryDocument),
        }).ConfigureAwait(false);
        return (long)result;
    }
}
