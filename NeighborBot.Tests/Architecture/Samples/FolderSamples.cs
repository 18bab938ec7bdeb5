// Two small sets of folders for the test of the cycle check: one where two folders import each other, one where they do not.
namespace NeighborBot.Tests.Architecture.Samples.Cyclic
{
    public static class Marker
    {
        public const string Root = "NeighborBot.Tests.Architecture.Samples.Cyclic";
    }
}

namespace NeighborBot.Tests.Architecture.Samples.Cyclic.Left
{
    public sealed record LeftThing(Right.RightThing? Other);
}

namespace NeighborBot.Tests.Architecture.Samples.Cyclic.Right
{
    public sealed record RightThing(Left.LeftThing? Other);
}

namespace NeighborBot.Tests.Architecture.Samples.Acyclic
{
    public static class Marker
    {
        public const string Root = "NeighborBot.Tests.Architecture.Samples.Acyclic";
    }
}

namespace NeighborBot.Tests.Architecture.Samples.Acyclic.Lower
{
    public sealed record LowerThing(string Name);
}

namespace NeighborBot.Tests.Architecture.Samples.Acyclic.Upper
{
    public sealed record UpperThing(Lower.LowerThing Lower);
}
