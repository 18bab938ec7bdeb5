using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace NeighborBot.Api.Console.Components;

/// <summary>
/// A page of the console: the signed-in <see cref="StaffUser"/>, and a token cancelled when the page goes
/// away (the circuit closes or the user navigates), passed to every store and service call.
/// </summary>
public abstract class ConsolePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _gone = new();

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>Set before <see cref="LoadAsync"/> runs; the page is behind [Authorize], so there is one.</summary>
    protected StaffUser User { get; private set; } = new(string.Empty, string.Empty, [], []);

    protected CancellationToken Aborted => _gone.Token;

    protected sealed override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null && StaffUser.Of((await AuthenticationState).User) is { } user)
        {
            User = user;
        }

        await LoadAsync();
    }

    /// <summary>Loads what the page shows.</summary>
    protected abstract Task LoadAsync();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gone.Cancel();
            _gone.Dispose();
        }
    }
}
