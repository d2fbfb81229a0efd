namespace PresenceAgent.RoutingRules; internal static class Placeholder { }
