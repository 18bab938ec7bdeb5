using NeighborBot.Accounts;

namespace NeighborBot.Storage;

/// <summary>Accounts and the audit log in this process's memory, with the same rules as Redis.</summary>
internal sealed class InProcessAccountStore : IAccountStore
{
    private readonly SortedDictionary<string, StaffAccount> _accounts = new(StringComparer.Ordinal);
    private readonly LinkedList<AuditEntry> _audit = new();

    public Task<StaffAccount?> GetAsync(string userName, CancellationToken cancellationToken)
    {
        lock (_accounts)
        {
            return Task.FromResult(_accounts.GetValueOrDefault(Field(userName)));
        }
    }

    public Task<bool> AddAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        lock (_accounts)
        {
            return Task.FromResult(_accounts.TryAdd(Field(account.UserName), account));
        }
    }

    public Task SaveAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        lock (_accounts)
        {
            _accounts[Field(account.UserName)] = account;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_accounts)
        {
            return Task.FromResult<IReadOnlyList<StaffAccount>>([.. _accounts.Values]);
        }
    }

    public Task AppendAuditAsync(AuditEntry entry, int keep, CancellationToken cancellationToken)
    {
        lock (_audit)
        {
            _audit.AddFirst(entry);
            while (_audit.Count > keep)
            {
                _audit.RemoveLast();
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_audit)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>([.. _audit.Take(limit)]);
        }
    }

    private static string Field(string userName) => userName.Trim().ToLowerInvariant();
}
