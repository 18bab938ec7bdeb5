using NeighborBot.Wishes;

namespace NeighborBot.Storage;

/// <summary>Wishes in this process's memory, under one lock.</summary>
internal sealed class InProcessWishStore : IWishStore
{
    private readonly Dictionary<string, Wish> _wishes = new(StringComparer.Ordinal);

    public Task<Wish?> GetAsync(string number, CancellationToken cancellationToken)
    {
        lock (_wishes)
        {
            return Task.FromResult(_wishes.GetValueOrDefault(number));
        }
    }

    public Task<bool> SaveAsync(Wish wish, CancellationToken cancellationToken)
    {
        lock (_wishes)
        {
            if ((_wishes.GetValueOrDefault(wish.Number)?.Revision ?? 0) != wish.Revision)
            {
                return Task.FromResult(false);
            }

            _wishes[wish.Number] = wish with { Revision = wish.Revision + 1 };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Wish>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_wishes)
        {
            return Task.FromResult<IReadOnlyList<Wish>>([.. _wishes.Values.OrderByDescending(w => w.ApprovedAt).ThenByDescending(w => w.Number, StringComparer.Ordinal)]);
        }
    }

    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_wishes)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. _wishes.Values
                .Where(w => w.State == WishState.Claimed && w.ClaimedUntil <= now)
                .OrderBy(w => w.ClaimedUntil).Take(limit).Select(w => w.Number)]);
        }
    }
}
