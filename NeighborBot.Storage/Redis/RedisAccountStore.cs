using System.Text.Json;
using NeighborBot.Accounts;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>Accounts in one hash keyed by the lower-case user name; the audit log a list, newest first. Both under <c>{prefix:acct}</c>.</summary>
internal sealed class RedisAccountStore(IConnectionMultiplexer redis, RedisKeys keys) : IAccountStore
{
    public async Task<StaffAccount?> GetAsync(string userName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var json = await redis.GetDatabase().HashGetAsync(keys.Accounts, Field(userName)).ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)json!, StoreJson.Default.StaffAccount);
    }

    public async Task<bool> AddAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await redis.GetDatabase().HashSetAsync(keys.Accounts, Field(account.UserName), Json(account), When.NotExists).ConfigureAwait(false);
    }

    public async Task SaveAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await redis.GetDatabase().HashSetAsync(keys.Accounts, Field(account.UserName), Json(account)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await redis.GetDatabase().HashGetAllAsync(keys.Accounts).ConfigureAwait(false);
        return [.. entries.OrderBy(e => (string)e.Name!, StringComparer.Ordinal).Select(e => JsonSerializer.Deserialize((string)e.Value!, StoreJson.Default.StaffAccount)!)];
    }

    public async Task AppendAuditAsync(AuditEntry entry, int keep, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.ListLeftPushAsync(keys.AuditLog, JsonSerializer.Serialize(entry, StoreJson.Default.AuditEntry));
        _ = transaction.ListTrimAsync(keys.AuditLog, 0, keep - 1);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var values = await redis.GetDatabase().ListRangeAsync(keys.AuditLog, 0, limit - 1).ConfigureAwait(false);
        return [.. values.Select(v => JsonSerializer.Deserialize((string)v!, StoreJson.Default.AuditEntry)!)];
    }

    private static string Field(string userName) => userName.Trim().ToLowerInvariant();

    private static string Json(StaffAccount account) => JsonSerializer.Serialize(account, StoreJson.Default.StaffAccount);
}
