-- +goose Up
CREATE TABLE posts (author_id bigint REFERENCES users(id));
