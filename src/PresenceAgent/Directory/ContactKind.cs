namespace PresenceAgent.Directory;

public enum ContactKind
{
    Vmr,
    Auditorium,
    Gateway,
}
