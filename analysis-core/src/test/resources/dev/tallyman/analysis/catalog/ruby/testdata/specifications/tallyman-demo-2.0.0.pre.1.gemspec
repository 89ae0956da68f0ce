# -*- encoding: utf-8 -*-
# stub: tallyman-demo 2.0.0.pre.1 ruby lib

Gem::Specification.new do |s|
  s.name = "tallyman-demo".freeze
  s.version = "2.0.0.pre.1"

  s.required_rubygems_version = Gem::Requirement.new("> 1.3.1".freeze) if s.respond_to? :required_rubygems_version=
  s.require_paths = ["lib".freeze]
  s.authors = ["Tallyman".freeze]
  s.date = "2026-11-28"
  s.licenses = ["MIT".freeze]
  s.rubygems_version = "3.3.15".freeze
  s.summary = "Test gem for Tallyman's gemspec reader".freeze

  s.installed_by_version = "3.3.15" if s.respond_to? :installed_by_version
end
