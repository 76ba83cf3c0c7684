-- clerk-users organizations schema, version 1.
-- Run by the organizations module's own Flyway, history table clerk_organizations_schema_history, after the core's.

create sequence clerk_organizations_id_seq start with 1 increment by 50;

create table clerk_organizations (
    id                        bigint        not null primary key,
    uid                       uuid          not null,
    clerk_id                  varchar(255)  not null,
    name                      varchar(255),
    slug                      varchar(255),
    image_url                 varchar(2048),
    public_metadata           jsonb         not null default '{}'::jsonb,
    private_metadata          jsonb         not null default '{}'::jsonb,
    is_active                 boolean       not null default true,
    members_count             integer       not null default 0,
    pending_invitations_count integer       not null default 0,
    max_allowed_memberships   integer       not null default 0,
    clerk_created_at          timestamptz,
    clerk_updated_at          timestamptz,
    deleted_at                timestamptz,
    sync_pending              boolean       not null default false,
    created_at                timestamptz   not null,
    updated_at                timestamptz   not null,
    constraint clerk_organizations_uid_key unique (uid),
    constraint clerk_organizations_clerk_id_key unique (clerk_id)
);

create index clerk_organizations_slug_idx on clerk_organizations (slug);

create sequence clerk_organization_memberships_id_seq start with 1 increment by 50;

create table clerk_organization_memberships (
    id               bigint       not null primary key,
    clerk_id         varchar(255) not null,
    organization_id  bigint       not null references clerk_organizations (id) on delete cascade,
    user_id          bigint       not null references clerk_users (id) on delete cascade,
    role             varchar(100) not null,
    permissions      jsonb        not null default '[]'::jsonb,
    public_metadata  jsonb        not null default '{}'::jsonb,
    private_metadata jsonb        not null default '{}'::jsonb,
    joined_at        timestamptz,
    clerk_updated_at timestamptz,
    deleted_at       timestamptz,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    constraint clerk_organization_memberships_clerk_id_key unique (clerk_id),
    constraint clerk_organization_memberships_member_key unique (organization_id, user_id)
);

create index clerk_organization_memberships_user_idx on clerk_organization_memberships (user_id);

create sequence clerk_organization_invitations_id_seq start with 1 increment by 50;

create table clerk_organization_invitations (
    id               bigint        not null primary key,
    clerk_id         varchar(255)  not null,
    organization_id  bigint        not null references clerk_organizations (id) on delete cascade,
    inviter_id       bigint        references clerk_users (id) on delete set null,
    email_address    varchar(320)  not null,
    role             varchar(100)  not null,
    status           varchar(16)   not null,
    url              varchar(2048),
    expires_at       timestamptz,
    public_metadata  jsonb         not null default '{}'::jsonb,
    private_metadata jsonb         not null default '{}'::jsonb,
    clerk_created_at timestamptz,
    clerk_updated_at timestamptz,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    constraint clerk_organization_invitations_clerk_id_key unique (clerk_id),
    constraint clerk_organization_invitations_status_check
        check (status in ('pending', 'accepted', 'revoked', 'expired'))
);

create index clerk_organization_invitations_organization_idx on clerk_organization_invitations (organization_id);
create index clerk_organization_invitations_email_idx on clerk_organization_invitations (lower(email_address));
