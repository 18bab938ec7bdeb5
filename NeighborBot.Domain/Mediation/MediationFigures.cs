using NeighborBot.Directory;

namespace NeighborBot.Mediation;

/// <summary>
/// Mediations booked in a period: online (by residents in chat) and by staff, held, successful, cancelled, still to
/// come, the share booked online and the success rate (of those held), in all, by specialty and by mediator.
/// </summary>
public sealed record MediationFigures(
    int Booked,
    int Online,
    int ByStaff,
    double? OnlineShare,
    int Held,
    int Successful,
    double? SuccessRate,
    int Cancelled,
    int Upcoming,
    IReadOnlyList<MediationGroup> BySpecialty,
    IReadOnlyList<MediationGroup> ByMediator)
{
    public static MediationFigures Of(IReadOnlyList<MediationBooking> bookings, DirectorySnapshot snapshot, DateTimeOffset now)
    {
        var all = MediationGroup.Of(string.Empty, string.Empty, bookings, now);
        return new MediationFigures(
            all.Booked, all.Online, all.Booked - all.Online, all.Booked == 0 ? null : Math.Round((double)all.Online / all.Booked, 3),
            all.Held, all.Successful, all.SuccessRate, all.Cancelled, all.Upcoming,
            [.. bookings.GroupBy(b => b.Specialty, StringComparer.Ordinal).OrderBy(g => Order(g.Key))
                .Select(g => MediationGroup.Of(g.Key, Specialties.Label(g.Key), [.. g], now))],
            [.. bookings.GroupBy(b => b.Mediator, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => MediationGroup.Of(g.Key, snapshot.Person(g.Key)?.Name ?? g.Key, [.. g], now))]);
    }

    private static int Order(string specialty) => Specialties.All.ToList() is var list && list.IndexOf(specialty) is var i && i >= 0 ? i : list.Count;
}

/// <summary>The figures of one specialty or one mediator (<see cref="Key"/> its id, <see cref="Name"/> its name).</summary>
public sealed record MediationGroup(string Key, string Name, int Booked, int Online, int Held, int Successful, double? SuccessRate, int Cancelled, int Upcoming)
{
    public static MediationGroup Of(string key, string name, IReadOnlyList<MediationBooking> bookings, DateTimeOffset now)
    {
        var held = bookings.Count(b => b.IsHeld);
        var successful = bookings.Count(b => b.Status == BookingStatus.Succeeded);
        return new MediationGroup(key, name, bookings.Count, bookings.Count(b => b.Online), held, successful,
            held == 0 ? null : Math.Round((double)successful / held, 3),
            bookings.Count(b => b.Status == BookingStatus.Cancelled),
            bookings.Count(b => b.Status == BookingStatus.Booked && b.Start >= now));
    }
}
