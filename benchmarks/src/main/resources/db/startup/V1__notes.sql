create table notes (id bigserial primary key, text varchar(200) not null);
