using System.Text.Json;
using NeighborBot.Mediation;
using StackExchange.Redis;

namespace NeighborBot.Storage;

/// <summary>
/// Mediation bookings: a hash of JSON bookings by id, a hash of held slots (slot → booking id) and a sorted set of
/// ids by start, all under the hash tag <c>{prefix:med}</c>. A booking is created, or moved, in one transaction on
/// the condition that its new slot is free, so of two residents racing for a slot exactly one gets it.
/// Kept for good: the community reports its mediations every year.
/// </summary>
internal sealed class RedisMediationStore(IConnectionMultiplexer redis, RedisKeys keys) : IMediationStore
{
    public async Task<bool> CreateAsync(MediationBooking booking, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.HashNotExists(keys.MediationSlots, booking.Slot));
        transaction.AddCondition(Condition.HashNotExists(keys.MediationBookings, booking.Id));
        _ = transaction.HashSetAsync(keys.MediationSlots, booking.Slot, booking.Id);
        _ = transaction.HashSetAsync(keys.MediationBookings, booking.Id, Write(booking));
        _ = transaction.SortedSetAddAsync(keys.MediationByStart, booking.Id, booking.Start.ToUnixTimeMilliseconds());
        return await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    public async Task<string?> HolderAsync(string mediator, DateTimeOffset start, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = await redis.GetDatabase().HashGetAsync(keys.MediationSlots, MediationBooking.SlotOf(mediator, start)).ConfigureAwait(false);
        return id.IsNullOrEmpty ? null : (string?)id;
    }

    public async Task<MediationBooking?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Read(await redis.GetDatabase().HashGetAsync(keys.MediationBookings, id).ConfigureAwait(false));
    }

    public async Task<bool> MoveAsync(MediationBooking booking, DateTimeOffset formerStart, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var before = await GetAsync(booking.Id, cancellationToken).ConfigureAwait(false);
        var former = MediationBooking.SlotOf(before?.Mediator ?? booking.Mediator, formerStart);
        var transaction = redis.GetDatabase().CreateTransaction();
        transaction.AddCondition(Condition.HashNotExists(keys.MediationSlots, booking.Slot));
        transaction.AddCondition(Condition.HashEqual(keys.MediationSlots, former, booking.Id));
        _ = transaction.HashDeleteAsync(keys.MediationSlots, former);
        _ = transaction.HashSetAsync(keys.MediationSlots, booking.Slot, booking.Id);
        _ = transaction.HashSetAsync(keys.MediationBookings, booking.Id, Write(booking));
        _ = transaction.SortedSetAddAsync(keys.MediationByStart, booking.Id, booking.Start.ToUnixTimeMilliseconds());
        return await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    public async Task SaveAsync(MediationBooking booking, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var transaction = db.CreateTransaction();
        _ = transaction.HashSetAsync(keys.MediationBookings, booking.Id, Write(booking));
        _ = transaction.SortedSetAddAsync(keys.MediationByStart, booking.Id, booking.Start.ToUnixTimeMilliseconds());
        await transaction.ExecuteAsync().ConfigureAwait(false);
        if (booking.Status == BookingStatus.Cancelled)
        {
            // Frees the slot only while this booking holds it.
            var release = db.CreateTransaction();
            release.AddCondition(Condition.HashEqual(keys.MediationSlots, booking.Slot, booking.Id));
            _ = release.HashDeleteAsync(keys.MediationSlots, booking.Slot);
            await release.ExecuteAsync().ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<MediationBooking>> StartingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var db = redis.GetDatabase();
        var ids = await db.SortedSetRangeByScoreAsync(keys.MediationByStart, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), Exclude.Stop).ConfigureAwait(false);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await db.HashGetAsync(keys.MediationBookings, ids).ConfigureAwait(false);
        return [.. values.Select(Read).OfType<MediationBooking>().OrderBy(b => b.Start).ThenBy(b => b.Id, StringComparer.Ordinal)];
    }

    private static string Write(MediationBooking booking) => JsonSerializer.Serialize(booking, StoreJson.Default.MediationBooking);

    private static MediationBooking? Read(RedisValue json) =>
        json.IsNullOrEmpty ? null : JsonSerializer.Deserialize((string)json!, StoreJson.Default.MediationBooking);
}
