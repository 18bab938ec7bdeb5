namespace NeighborBot.Wishes;

/// <summary>The wishes on the board and done. Redis and in-process.</summary>
public interface IWishStore
{
    Task<Wish?> GetAsync(string number, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the wish if the stored one is still at <see cref="Wish.Revision"/> (0: none stored yet); the saved copy has
    /// the next revision. False when someone saved it in between: of two volunteers claiming at once, one wins. In the
    /// same step the wish is placed among the claims due at <see cref="Wish.ClaimedUntil"/> (or taken out).
    /// </summary>
    Task<bool> SaveAsync(Wish wish, CancellationToken cancellationToken);

    /// <summary>Every wish, newest approval first (a community posts tens a year).</summary>
    Task<IReadOnlyList<Wish>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The numbers of claimed wishes whose time ran out at or before <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}
