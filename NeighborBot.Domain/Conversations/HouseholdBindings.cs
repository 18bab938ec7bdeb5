using NeighborBot.Directory;
using NeighborBot.Outbox;
using NeighborBot.Wording;

namespace NeighborBot.Conversations;

/// <summary>
/// Binding by text: "绑定 3-2-501" waits until a grid worker of that household's grid (or its
/// leader, or the secretary) confirms with "确认绑定 3-2-501"; the workers are told of the request
/// and the resident of the confirmation. (A household QR code binds at once: it proves the place.)
/// </summary>
public sealed class HouseholdBindings(
    IBindingRequests requests,
    IConversationStore conversations,
    DirectoryCache directory,
    IOutbox outbox,
    Reach reach,
    TimeProvider time)
{
    /// <summary>Notes the request and tells the grid workers of the household's grid.</summary>
    public async Task RequestAsync(PersonKey who, Household home, CancellationToken cancellationToken)
    {
        await requests.AddAsync(home.Id, who, cancellationToken).ConfigureAwait(false);
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var grid = snapshot.GridOfBuilding(home.Building)?.Id;
        foreach (var worker in snapshot.WithRole(Role.GridWorker, grid))
        {
            if (reach.Staff(worker, who) is not { } to)
            {
                continue;
            }

            var text = WorkerTexts.BindingRequested(home);
            await outbox.QueueAsync(new OutboundMessage($"bind:{home.Id}:{who.Id}:{worker.Id}", to, MessageKinds.Assignment, text.Text, text.Fields),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Confirms every waiting request for the household; returns who was bound, or null when the worker
    /// does not serve that household's grid.
    /// </summary>
    public async Task<IReadOnlyList<PersonKey>?> ConfirmAsync(Person worker, Household home, CancellationToken cancellationToken)
    {
        var snapshot = await directory.GetAsync(cancellationToken).ConfigureAwait(false);
        var grid = snapshot.GridOfBuilding(home.Building)?.Id;
        if (!worker.Has(Role.Secretary) && (grid is null || !worker.Grids.Contains(grid, StringComparer.OrdinalIgnoreCase)))
        {
            return null;
        }

        var bound = new List<PersonKey>();
        foreach (var who in await requests.ListAsync(home.Id, cancellationToken).ConfigureAwait(false))
        {
            var profile = (await conversations.GetAsync(who, cancellationToken).ConfigureAwait(false)).Profile;
            if (profile.PendingHouseholdId == home.Id)
            {
                await conversations.SaveProfileAsync(who, profile with { HouseholdId = home.Id, PendingHouseholdId = null, BoundAt = time.GetUtcNow() }, cancellationToken)
                    .ConfigureAwait(false);
                bound.Add(who);
                if (who.Channel == PersonKey.OfficialAccountChannel)
                {
                    var text = ResidentTexts.BindingConfirmed(home, worker);
                    await outbox.QueueAsync(new OutboundMessage($"bound:{home.Id}:{who.Id}", who, MessageKinds.Progress, text.Text, text.Fields), cancellationToken)
                        .ConfigureAwait(false);
                }
            }

            await requests.RemoveAsync(home.Id, who, cancellationToken).ConfigureAwait(false);
        }

        return bound;
    }
}
